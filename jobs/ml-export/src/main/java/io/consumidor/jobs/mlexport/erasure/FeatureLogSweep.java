package io.consumidor.jobs.mlexport.erasure;

import io.consumidor.baseb.erasure.ErasureLedger;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.features.logs.FeatureLogs;
import io.consumidor.features.rows.Pseudonyms;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.parquet.DatasetFileReader;
import io.consumidor.parquet.FeatureLogBatches;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The erasure sweep's part for the query API's logged feature lookups ({@link FeatureLogs}): a committed batch holding a
 * row of a consumer erased after the lookup is written again without it (a new committed batch of the same day) and the
 * old batch withdrawn, {@code _SUCCESS} first; a day's consistency report loses the examples of that consumer. A row
 * looked up after the erasure is a consumer registered again, and stays. The logs are pseudonymous and kept only
 * {@code consistency.log-retention-days}, but an erased consumer leaves them within the sweep's deadline as it leaves
 * the datasets.
 */
final class FeatureLogSweep {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What one sweep of the logs did. */
    record Outcome(long batchesRewritten, long rowsRemoved) {
    }

    private final DatasetStore store;
    private final String prefix;
    private final Datasets datasets;
    private final PseudonymKeys keys;
    private final Path tempDir;
    private final FeatureLogBatches batches;

    FeatureLogSweep(DatasetStore store, String prefix, Datasets datasets, PseudonymKeys keys, Path tempDir, Clock clock) {
        this.store = store;
        this.prefix = prefix;
        this.datasets = datasets;
        this.keys = keys;
        this.tempDir = tempDir;
        this.batches = new FeatureLogBatches(store.s3(), store.bucket(), prefix, clock);
    }

    Outcome sweep(List<ErasureLedger.Entry> entries) throws IOException {
        if (entries.isEmpty()) {
            return new Outcome(0, 0);
        }
        long rewritten = 0;
        long removed = 0;
        Files.createDirectories(tempDir);
        for (Dataset dataset : datasets.all()) {
            Pseudonyms pseudonyms = new Pseudonyms(keys.key(dataset.pseudonymKeyId()), dataset.name());
            Map<String, Instant> erasedAt = new HashMap<>();
            entries.forEach(e -> erasedAt.merge(pseudonyms.of(e.subject()), e.erasedAt(), (a, b) -> a.isAfter(b) ? a : b));
            for (S3Object object : store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(prefix + "/" + dataset.name() + "/date="))
                    .contents()) {
                String key = object.key();
                if (key.endsWith("/" + FeatureLogs.SUCCESS)) {
                    long gone = batch(dataset, key.substring(0, key.length() - FeatureLogs.SUCCESS.length()), erasedAt);
                    if (gone > 0) {
                        rewritten++;
                        removed += gone;
                    }
                } else if (key.endsWith("/" + FeatureLogs.REPORT)) {
                    report(key, erasedAt);
                }
            }
        }
        return new Outcome(rewritten, removed);
    }

    /** Rewrites the batch without the erased consumers' rows looked up by their erasure; returns the rows removed. */
    private long batch(Dataset dataset, String batch, Map<String, Instant> erasedAt) throws IOException {
        Path file = tempDir.resolve("feature-log-" + UUID.randomUUID() + ".parquet");
        try {
            store.download(batch + FeatureLogs.PART, file);
            List<Object[]> kept = new ArrayList<>();
            long gone = 0;
            try (DatasetFileReader reader = new DatasetFileReader(file)) {
                while (reader.hasNext()) {
                    Object[] row = reader.next();
                    Instant erased = erasedAt.get((String) row[0]);
                    if (erased != null && !((Instant) row[1]).isAfter(erased)) {
                        gone++;
                    } else {
                        kept.add(row);
                    }
                }
            }
            if (gone == 0) {
                return 0;
            }
            if (!kept.isEmpty()) {
                batches.write(dataset, day(batch), kept); // committed before the old batch goes: never a moment without the kept rows
            }
            batches.delete(batch);
            return gone;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Drops the erased consumers' examples from a day's report (its counts are aggregates and stay). */
    private void report(String key, Map<String, Instant> erasedAt) {
        byte[] stored = store.get(key).orElse(null);
        if (stored == null) {
            return;
        }
        JsonNode report = JSON.readTree(stored);
        JsonNode examples = report.get("examples");
        if (examples == null || !examples.isArray()) {
            return;
        }
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode example : examples) {
            if (!erasedAt.containsKey(example.path("pseudonym").asString())) {
                kept.add(example);
            }
        }
        if (kept.size() < examples.size()) {
            ((ObjectNode) report).set("examples", kept);
            store.put(key, JSON.writeValueAsBytes(report), "application/json");
        }
    }

    private static LocalDate day(String batch) {
        int at = batch.indexOf("/date=") + "/date=".length();
        return LocalDate.parse(batch.substring(at, at + 10));
    }
}
