package io.consumidor.scorecard.hostile;

import io.consumidor.scorecard.Scorecard;
import io.consumidor.scorecard.ScorecardDefinition;
import io.consumidor.testsupport.StartupReport;
import io.consumidor.testsupport.YamlBreakages;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated broken versions of the shipped {@code scorecard.yml}: start-up fails with a report naming the file and
 * the characteristic, band or field — never a stack trace as the only output, never a job that starts on a
 * scorecard it cannot compute. Only what the job does with the file at start-up runs (binding, validation, the
 * scorecard's own checks), so a try takes a fraction of a second.
 */
class BrokenScorecardTest {

    @SpringBootConfiguration
    @EnableConfigurationProperties(ScorecardDefinition.class)
    static class ScorecardOnly {
        @Bean
        Scorecard scorecard(ScorecardDefinition definition) {
            return new Scorecard(definition);
        }
    }

    @Provide
    Arbitrary<YamlBreakages.Broken> brokenScorecards() throws IOException {
        try (InputStream shipped = BrokenScorecardTest.class.getResourceAsStream("/scorecard.yml")) {
            return YamlBreakages.of(new String(shipped.readAllBytes(), StandardCharsets.UTF_8), "consumidor.scorecard");
        }
    }

    // Most breakages must be refused: a generator whose breakages all start would prove nothing.
    @StatisticsReport(onFailureOnly = true)
    @Property
    void aBrokenScorecardStopsStartUpWithAReportNamingFileAndEntry(@ForAll("brokenScorecards") YamlBreakages.Broken broken) {
        StartupReport.Result result = StartupReport.withFile(ScorecardOnly.class, "SCORECARD_FILE", "scorecard.yml", broken.yaml());

        Statistics.label("start-up").collect(result.started() ? "started (a harmless change)" : "refused with a report");
        if (!result.started()) {
            assertThat(result.output()).as("report for: %s", broken).contains("APPLICATION FAILED TO START", "scorecard.yml")
                    .containsAnyOf("consumidor.scorecard.", "characteristic ", "bands", "model ", "line ");
        }
        Statistics.label("start-up").coverage(c -> c.check("refused with a report").percentage(p -> p >= 60));
    }
}
