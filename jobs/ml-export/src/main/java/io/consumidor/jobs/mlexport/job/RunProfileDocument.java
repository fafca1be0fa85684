package io.consumidor.jobs.mlexport.job;

import io.consumidor.features.dataset.Dataset;
import io.consumidor.jobs.mlexport.quality.ColumnProfile;
import io.consumidor.jobs.mlexport.quality.DatasetProfile;
import io.consumidor.jobs.mlexport.quality.Psi;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A run's {@code _profile.json}: per column aggregates (never a row of a person), the label rate, and PSI
 * against the newest complete run of an earlier snapshot, with a warning for each shifted column. Written by
 * the commit of an export and again by the erasure sweep when it rewrites a run without an erased subject.
 */
public final class RunProfileDocument {

    private RunProfileDocument() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(DatasetStore store, String dataset, LocalDate snapshotDate, DatasetProfile profile,
                                         List<DatasetStore.Run> runs) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("dataset", dataset);
        document.put("snapshotDate", snapshotDate.toString());
        List<String> warnings = new ArrayList<>();
        Map<String, Object> psi = new LinkedHashMap<>();
        var previous = DatasetStore.previousComplete(runs, snapshotDate);
        if (previous.isPresent()) {
            RunLayout baseline = previous.get().layout(store.prefix());
            document.put("baseline", Map.of("snapshotDate", baseline.snapshotDate().toString(), "runId", baseline.runId()));
            Map<String, Object> stored = store.get(baseline.profile()).map(b -> (Map<String, Object>) CommitRun.JSON.readValue(b, Map.class)).orElse(Map.of());
            Map<String, Object> columns = (Map<String, Object>) stored.getOrDefault("columns", Map.of());
            profile.columns().forEach((name, column) -> {
                // base_c_coverage_days is one value per run, growing with T: a PSI of it says nothing of the population
                if (name.equals(Dataset.SNAPSHOT_DATE) || name.equals(Dataset.BASE_C_COVERAGE_DAYS) || !columns.containsKey(name)) {
                    return;
                }
                double value = Psi.of(ColumnProfile.fromMap((Map<String, Object>) columns.get(name)).distribution(), column.distribution());
                psi.put(name, Math.round(value * 10_000) / 10_000.0);
                if (value > Psi.WARN) {
                    warnings.add("PSI of %s is %.3f against %s (above %.2f): the population shifted".formatted(name, value,
                            baseline.snapshotDate(), Psi.WARN));
                }
            });
        } else {
            document.put("baseline", null);
        }
        ColumnProfile label = profile.columns().get(Dataset.LABEL);
        document.put("labelRate", label == null || label.rows() == 0 ? null : label.mean());
        document.put("psi", psi);
        document.put("warnings", warnings);
        document.put("columns", profile.toMap());
        return document;
    }

    /**
     * The scorecard versions the rows' scores came from, served ratings and {@code score_at_t} alike (the manifest's
     * {@code scorecardModelVersions}).
     */
    public static List<String> modelVersions(DatasetProfile profile) {
        TreeSet<String> versions = new TreeSet<>();
        for (String name : List.of(io.consumidor.features.dataset.RatingFeature.MODEL_VERSION.column(), Dataset.SCORE_AT_T_MODEL)) {
            ColumnProfile column = profile.columns().get(name);
            if (column != null) {
                column.distribution().keySet().stream().filter(v -> !v.equals("null")).forEach(versions::add);
            }
        }
        return new ArrayList<>(versions);
    }
}
