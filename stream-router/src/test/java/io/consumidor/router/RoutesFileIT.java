package io.consumidor.router;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken routes.yml stops the router at start-up with a message naming the route or field. */
class RoutesFileIT {

    @Test
    void anUnknownWriteModeNamesTheField(@TempDir Path dir) throws Exception {
        Path routes = dir.resolve("routes.yml");
        Files.writeString(routes, """
                consumidor:
                  router:
                    routes:
                      - name: broken
                        types: [card.purchase]
                        destinations:
                          - { sink: elasticsearch, target: events, mode: upsert }
                """);
        try (RouterHarness harness = new RouterHarness()) {
            assertThatThrownBy(() -> harness.startRouter("spring.config.import=file:" + routes).close())
                    .hasStackTraceContaining("consumidor.router.routes[0].destinations[0].mode");
        }
    }

    @Test
    void aModeThatDoesNotFitItsSinkNamesTheRoute(@TempDir Path dir) throws Exception {
        Path routes = dir.resolve("routes.yml");
        Files.writeString(routes, """
                consumidor:
                  router:
                    routes:
                      - name: wrong-sink
                        types: [card.purchase]
                        destinations:
                          - { sink: mongodb, target: profiles, mode: latest }
                """);
        try (RouterHarness harness = new RouterHarness()) {
            assertThatThrownBy(() -> harness.startRouter("spring.config.import=file:" + routes).close())
                    .hasStackTraceContaining("route 'wrong-sink'").hasStackTraceContaining("mode latest does not apply to sink mongodb");
        }
    }
}
