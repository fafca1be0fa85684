package io.consumidor.schedules;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.configerrors.InvalidConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken schedule stops the start with the file, the schedule and the field named. */
class SchedulesValidationTest {

    private static final JobLaunch DAILY = new JobLaunch() {
        @Override
        public String job() {
            return "daily";
        }

        @Override
        public JobParameters parameters(Map<String, String> arguments, Clock clock) {
            if (!arguments.keySet().equals(java.util.Set.of("day"))) {
                throw new IllegalArgumentException("daily takes day=yyyy-MM-dd");
            }
            java.time.LocalDate.parse(arguments.get("day"));
            return new JobParametersBuilder().addString("day", arguments.get("day")).toJobParameters();
        }

        @Override
        public String usage() {
            return "day=yyyy-MM-dd";
        }
    };

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad cron           | daily | 0 0 25 * * * | America/Sao_Paulo | {slot:yyyy-MM-dd}  | schedule 'nightly': cron: '0 0 25 * * *' is not a cron expression
            fixed offset       | daily | 0 0 2 * * *  | -03:00            | {slot:yyyy-MM-dd}  | schedule 'nightly': zone: '-03:00' is a fixed offset
            unknown zone       | daily | 0 0 2 * * *  | Mars/Olympus      | {slot:yyyy-MM-dd}  | zone: 'Mars/Olympus' is not a time zone
            unknown job        | weekly| 0 0 2 * * *  | America/Sao_Paulo | {slot:yyyy-MM-dd}  | job: no job 'weekly' (known: [daily])
            bad template       | daily | 0 0 2 * * *  | America/Sao_Paulo | {slot-2w:yyyy}     | parameters.day: '{slot-2w:yyyy}': a {slot...} placeholder is malformed
            refused arguments  | daily | 0 0 2 * * *  | America/Sao_Paulo | {slot:dd/MM/yyyy}  | parameters: the job refuses them
            """)
    void aBrokenScheduleNamesTheScheduleAndField(String mistake, String job, String cron, String zone, String day, String expected) {
        var definition = new SchedulesProperties.Definition("nightly", job, cron, zone, Map.of("day", day), SchedulesProperties.CatchUp.LATEST,
                Duration.ofDays(2), new SchedulesProperties.Retry(1, Duration.ofMinutes(1)), true, false);
        assertThatThrownBy(() -> new Schedules(new SchedulesProperties(List.of(definition)), List.of(DAILY)))
                .as(mistake).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("schedules.yml: ").hasMessageContaining(expected);
    }
}
