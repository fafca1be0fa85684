package io.consumidor.jobs.mlexport.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bucket keeps the manifests of earlier versions: the tools that read them (the preflight's look at the last
 * run, {@code export list|show}, the erasure sweep, the demo's report) must not fail on a field that did not exist
 * then, nor on one they do not know.
 */
class ManifestCompatibilityTest {

    @Test
    void aManifestOfAnEarlierVersionReadsWithTheMissingFieldsEmpty() {
        String earlier = """
                {"dataset":"credit-default-12m","version":1,"definitionHash":"ab","snapshotDate":"2025-06-30",
                 "asOf":"2025-07-01T02:59:59.999Z","runId":"20261201T000000Z-1","jobInstance":1,
                 "label":{"column":"label_bad","kind":"default-or-90-days-overdue","horizonMonths":12,
                          "windowEnd":"2026-07-01T02:59:59.999Z","rightCensored":"excluded: ...","rate":0.25},
                 "files":[],"totals":{"files":0,"rows":300,"bytes":0},"exclusions":{"rightCensored":4,"erased":1},
                 "codeVersion":"0.1.0-SNAPSHOT","someFutureSection":{"x":1}}
                """;
        Manifest manifest = Manifest.fromJson(earlier.getBytes(StandardCharsets.UTF_8));
        assertThat(manifest.totals().rows()).isEqualTo(300);
        assertThat(manifest.exclusions().erased()).isEqualTo(1);
        assertThat(manifest.exclusions().badAtObservation()).isZero();
        assertThat(manifest.label().labelComplete()).isFalse();
        assertThat(manifest.label().rate()).isEqualTo(0.25);
        assertThat(manifest.sources()).isNull();
        assertThat(manifest.code()).isNull();
    }
}
