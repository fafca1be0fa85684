package io.consumidor.jobs.rating;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.parameters.JobParameters;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatingJobParametersTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @Test
    void defaultsToAFullRunForToday() {
        JobParameters parameters = RatingJobParameters.of(Map.of(), TODAY);

        assertThat(parameters.getString("mode")).isEqualTo("full");
        assertThat(parameters.getLocalDate("runDate")).isEqualTo(TODAY);
        assertThat(parameters.getString("run")).isNull();
    }

    @Test
    void takesModeDateAndRunLabel() {
        JobParameters parameters = RatingJobParameters.of(Map.of("mode", "incremental", "runDate", "2026-12-01", "run", "2"), TODAY);

        assertThat(parameters.getString("mode")).isEqualTo("incremental");
        assertThat(parameters.getLocalDate("runDate")).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(parameters.getString("run")).isEqualTo("2");
    }

    @Test
    void refusesUnknownKeysBadModesAndBadDatesNamingThem() {
        assertThatThrownBy(() -> RatingJobParameters.of(Map.of("mdoe", "full"), TODAY)).hasMessageContaining("unknown parameter 'mdoe'");
        assertThatThrownBy(() -> RatingJobParameters.of(Map.of("mode", "partial"), TODAY)).hasMessageContaining("not 'partial'");
        assertThatThrownBy(() -> RatingJobParameters.of(Map.of("runDate", "23/11/2026"), TODAY)).hasMessageContaining("not '23/11/2026'");
    }
}
