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
        assertThatThrownBy(() -> startWith(dir, """
                consumidor:
                  router:
                    routes:
                      - name: broken
                        types: [card.purchase]
                        destinations:
                          - { sink: elasticsearch, target: events, mode: upsert }
                """)).hasStackTraceContaining("consumidor.router.routes[0].destinations[0].mode");
    }

    @Test
    void aModeThatDoesNotFitItsSinkNamesTheRoute(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> startWith(dir, """
                consumidor:
                  router:
                    routes:
                      - name: wrong-sink
                        types: [card.purchase]
                        destinations:
                          - { sink: mongodb, target: profiles, mode: latest }
                """)).hasStackTraceContaining("route 'wrong-sink'").hasStackTraceContaining("mode latest does not apply to sink mongodb");
    }

    private static void startWith(Path dir, String yaml) throws Exception {
        Path routes = dir.resolve("routes.yml");
        Files.writeString(routes, yaml);
        try (RouterHarness harness = new RouterHarness()) {
            harness.startRouter("spring.config.import=file:" + routes).close();
        }
    }
}
