package io.consumidor.router.hostile;

import io.consumidor.router.routes.RouteDefinitions;
import io.consumidor.router.routes.RouteTable;
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
 * Generated broken versions of the shipped {@code routes.yml}: start-up fails with a report naming the file,
 * the entry and the field — never a stack trace as the only output. Only what the router does with the file at
 * start-up runs (binding, validation, the route table), so a try takes a fraction of a second.
 */
class BrokenRoutesFileTest {

    @SpringBootConfiguration
    @EnableConfigurationProperties(RouteDefinitions.class)
    static class RoutesOnly {
        @Bean
        RouteTable routeTable(RouteDefinitions definitions) {
            return new RouteTable(definitions);
        }
    }

    @Provide
    Arbitrary<YamlBreakages.Broken> brokenRoutes() throws IOException {
        try (InputStream shipped = BrokenRoutesFileTest.class.getResourceAsStream("/routes.yml")) {
            return YamlBreakages.of(new String(shipped.readAllBytes(), StandardCharsets.UTF_8), "consumidor.router.routes");
        }
    }

    // Most breakages must be refused: a generator whose breakages all start would prove nothing.
    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 60)
    void aBrokenRoutesFileStopsStartUpWithAReportNamingFileEntryAndField(@ForAll("brokenRoutes") YamlBreakages.Broken broken) {
        StartupReport.Result result = StartupReport.withFile(RoutesOnly.class, "ROUTES_FILE", "routes.yml", broken.yaml());

        Statistics.label("start-up").collect(result.started() ? "started (a harmless change)" : "refused with a report");
        if (!result.started()) {
            assertThat(result.output()).as("report for: %s", broken).contains("APPLICATION FAILED TO START", "routes.yml")
                    .containsAnyOf("consumidor.router.routes[", "route '", "line ");
        }
        Statistics.label("start-up").coverage(c -> c.check("refused with a report").percentage(p -> p >= 60));
    }
}
