package io.consumidor.jobs.mlexport.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataset's {@code _LATEST.json}: for every snapshot, the run readers should take (the newest complete one) and
 * its files, as paths relative to the dataset's folder, plus all those files in one list — so a reader of any
 * kind (pandas, DuckDB, Polars, Spark) reads exactly the complete, current runs instead of globbing the folder,
 * which would also pick up superseded runs and the parts of failed ones. It is derived: rebuilt from a listing
 * after every commit and every erasure rewrite ({@link #rebuild}), so it can always be rewritten from what the
 * store holds ({@code ./pipeline export latest <dataset>}). It names only runs of the definition the newest run was
 * built with, so one schema. Two commits of one dataset at the same instant may each list before the other's
 * {@code _SUCCESS} and leave a pointer without the other run: {@code export latest} rebuilds it.
 *
 * @param files every file of every snapshot's run, relative to the dataset's folder
 */
public record LatestRuns(String dataset, Instant updatedAt, List<Snapshot> snapshots, List<String> files) {

    public static final String NAME = "_LATEST.json";
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    /** One snapshot's current run, with what a reader checks it against (rows, content and definition hashes). */
    public record Snapshot(LocalDate snapshotDate, String runId, long rows, String contentHash, String definitionHash,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Boolean labelComplete, String manifest, List<String> files) {
    }

    public static String key(String prefix, String dataset) {
        return RunLayout.datasetPrefix(prefix, dataset) + NAME;
    }

    /** Lists the dataset, reads the manifest of each snapshot's newest complete run and writes the pointer. */
    public static LatestRuns rebuild(DatasetStore store, String dataset, Instant now) {
        Map<LocalDate, DatasetStore.Run> newest = new TreeMap<>();
        for (DatasetStore.Run run : store.runs(dataset)) {
            if (run.official()) {
                newest.put(run.snapshotDate(), run); // runs come in id (start time) order: the last one wins; a point-in-time run never
            }
        }
        String folder = RunLayout.datasetPrefix(store.prefix(), dataset);
        List<Snapshot> snapshots = new ArrayList<>();
        List<String> files = new ArrayList<>();
        Map<LocalDate, Manifest> manifests = new TreeMap<>();
        DatasetStore.Run newestOfAll = null;
        for (DatasetStore.Run run : newest.values()) {
            store.get(run.layout(store.prefix()).manifest()).map(Manifest::fromJson).ifPresent(m -> manifests.put(run.snapshotDate(), m));
            if (newestOfAll == null || run.runId().compareTo(newestOfAll.runId()) > 0) {
                newestOfAll = run;
            }
        }
        // One schema for every reader: only the snapshots of the definition the newest run was built with (runs of an
        // earlier definition stay in the folder until their retention, but are not named)
        String definition = newestOfAll == null || !manifests.containsKey(newestOfAll.snapshotDate()) ? null
                : manifests.get(newestOfAll.snapshotDate()).definitionHash();
        for (DatasetStore.Run run : newest.values()) {
            RunLayout layout = run.layout(store.prefix());
            Manifest manifest = manifests.get(run.snapshotDate());
            if (manifest == null || !java.util.Objects.equals(manifest.definitionHash(), definition)) {
                continue; // withdrawn between the listing and now, or of another definition
            }
            List<String> parts = manifest.files().stream().map(f -> relative(folder, f.key())).toList();
            snapshots.add(new Snapshot(run.snapshotDate(), run.runId(), manifest.totals().rows(), manifest.contentHash(),
                    manifest.definitionHash(), manifest.label() == null ? null : manifest.label().labelComplete(),
                    relative(folder, layout.manifest()), parts));
            files.addAll(parts);
        }
        LatestRuns latest = new LatestRuns(dataset, now, snapshots, files);
        store.put(key(store.prefix(), dataset), JSON.writeValueAsBytes(latest), "application/json");
        return latest;
    }

    public static java.util.Optional<LatestRuns> read(DatasetStore store, String dataset) {
        return store.get(key(store.prefix(), dataset)).map(bytes -> JSON.readValue(bytes, LatestRuns.class));
    }

    private static String relative(String folder, String key) {
        return key.startsWith(folder) ? key.substring(folder.length()) : key;
    }
}
