package io.consumidor.jobs.mlexport.cli;

import io.consumidor.batchsupport.cli.ExitCode;
import io.consumidor.batchsupport.cli.JobCli;
import io.consumidor.batchsupport.cli.JobCommand;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.jobs.mlexport.job.ExportLaunch;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.Manifest;
import io.consumidor.jobs.mlexport.store.RunLayout;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code export run <dataset> [snapshotDate=…]} (the job, with the job CLI's progress and summary),
 * {@code export list [dataset]} (every run in S3 with its status and rows) and
 * {@code export show <dataset> [snapshotDate]} (the newest complete run: schema, data-quality
 * profile and PSI warnings), {@code export pin|unpin} (exempt a run a model was trained on from retention),
 * {@code export diff} (two runs of one snapshot, row by row) and {@code export latest} (rebuild
 * {@code _LATEST.json}). Reads only what a data scientist's reader would: manifests and files in S3.
 */
public final class ExportCli implements JobCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Datasets datasets;
    private final DatasetStore store;
    private final PrintStream out;

    public ExportCli(Datasets datasets, DatasetStore store, PrintStream out) {
        this.datasets = datasets;
        this.store = store;
        this.out = out;
    }

    @Override
    public String word() {
        return "export";
    }

    @Override
    public ExitCode run(List<String> words, JobCli jobs) {
        if (words.isEmpty()) {
            return usage();
        }
        try {
            return switch (words.get(0)) {
                case "run" -> words.size() < 2 ? usage() : run(jobs, words.get(1), words.subList(2, words.size()));
                case "list" -> list(words.size() > 1 ? Optional.of(words.get(1)) : Optional.empty());
                case "show" -> words.size() < 2 ? usage() : show(words.get(1), words.size() > 2 ? words.get(2) : null);
                case "pin", "unpin" -> words.size() < 4 ? usage() : pin(words.get(0).equals("pin"), words.get(1), words.get(2), words.get(3),
                        String.join(" ", words.subList(4, words.size())));
                case "diff" -> words.size() < 5 ? usage() : diff(words.get(1), words.get(2), words.get(3), words.get(4));
                case "latest" -> words.size() < 2 ? usage() : latest(words.get(1));
                default -> usage();
            };
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            out.println("export: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (java.io.IOException e) {
            out.println("export: " + e.getMessage());
            return ExitCode.FAILED;
        }
    }

    private ExitCode usage() {
        out.println("usage: export run <dataset> [snapshotDate=yyyy-MM-dd] [observedUntil=<instant>] [run=<label>] [replace=true] | export list [dataset]"
                + " | export show <dataset> [yyyy-MM-dd] | export pin|unpin <dataset> <yyyy-MM-dd> <run id> [note]"
                + " | export diff <dataset> <yyyy-MM-dd> <run id> <run id> | export latest <dataset>");
        out.println("datasets: " + datasets.all().stream().map(Dataset::name).toList());
        return ExitCode.USAGE;
    }

    /** Exempts a run from retention (the run a model was trained on), or lifts that. */
    private ExitCode pin(boolean pin, String name, String date, String runId, String note) {
        dataset(name);
        DatasetStore.Run run = store.run(name, LocalDate.parse(date), runId)
                .orElseThrow(() -> new IllegalArgumentException("no run " + runId + " of " + name + " @ " + date + " (see `./pipeline export list " + name + "`)"));
        if (pin) {
            store.pin(run, "pinned " + java.time.Instant.now() + (note.isBlank() ? "" : ": " + note));
            out.println(name + " @ " + date + " run " + runId + " pinned: retention keeps it (an erasure still rewrites it, and the pin follows)");
        } else {
            store.unpin(run);
            out.println(name + " @ " + date + " run " + runId + " unpinned: retention applies again");
        }
        return ExitCode.COMPLETED;
    }

    private ExitCode diff(String name, String date, String before, String after) throws java.io.IOException {
        dataset(name);
        Manifest a = manifest(name, date, before);
        Manifest b = manifest(name, date, after);
        out.println(name + " @ " + date + ": run " + before + " -> run " + after + (a.contentHash().equals(b.contentHash()) ? " (same content hash)" : ""));
        RunDiff.print(out, new RunDiff(store).diff(a, b));
        return ExitCode.COMPLETED;
    }

    private Manifest manifest(String name, String date, String runId) {
        DatasetStore.Run run = store.run(name, LocalDate.parse(date), runId).filter(DatasetStore.Run::complete)
                .orElseThrow(() -> new IllegalArgumentException("no complete run " + runId + " of " + name + " @ " + date));
        return manifest(run).orElseThrow();
    }

    private ExitCode latest(String name) {
        dataset(name);
        var latest = io.consumidor.jobs.mlexport.store.LatestRuns.rebuild(store, name, java.time.Instant.now());
        out.println(name + ": _LATEST.json names " + latest.snapshots().size() + " snapshot(s), " + latest.files().size() + " file(s)");
        return ExitCode.COMPLETED;
    }

    private ExitCode run(JobCli jobs, String dataset, List<String> arguments) {
        Map<String, String> values = new LinkedHashMap<>(JobCli.arguments(arguments));
        values.put(ExportLaunch.DATASET, dataset);
        return jobs.launch(ExportLaunch.JOB, values);
    }

    private Dataset dataset(String name) {
        return datasets.find(name).orElseThrow(() -> new IllegalArgumentException("no dataset '" + name + "' (known: "
                + datasets.all().stream().map(Dataset::name).toList() + ")"));
    }

    private ExitCode list(Optional<String> only) {
        out.printf("%-20s %-13s %-26s %-10s %10s %6s %12s%n", "dataset", "snapshot", "run", "status", "rows", "files", "bytes");
        for (Dataset dataset : only.map(n -> List.of(dataset(n))).orElse(datasets.all())) {
            for (DatasetStore.Run run : store.runs(dataset.name())) {
                Optional<Manifest> manifest = run.complete() ? manifest(run) : Optional.empty();
                boolean provisional = manifest.map(Manifest::provisional).orElse(false);
                out.printf("%-20s %-13s %-26s %-10s %10s %6d %12s%n", dataset.name(), run.snapshotDate(), run.runId(),
                        run.complete() ? (provisional ? "provisional" : "complete") : "incomplete",
                        manifest.map(m -> Long.toString(m.totals().rows())).orElse("-"), run.parts(),
                        manifest.map(m -> Long.toString(m.totals().bytes())).orElse("-"));
            }
        }
        return ExitCode.COMPLETED;
    }

    private Optional<Manifest> manifest(DatasetStore.Run run) {
        return store.get(run.layout(store.prefix()).manifest()).map(Manifest::fromJson);
    }

    @SuppressWarnings("unchecked")
    private ExitCode show(String name, String date) {
        Dataset dataset = dataset(name);
        Optional<DatasetStore.Run> run = date == null
                ? store.runs(dataset.name()).stream().filter(DatasetStore.Run::complete).reduce((a, b) -> b)
                : store.latestComplete(dataset.name(), LocalDate.parse(date));
        if (run.isEmpty()) {
            out.println("no complete run of " + name + (date == null ? "" : " for " + date) + " (see `./pipeline export list`)");
            return ExitCode.FAILED;
        }
        RunLayout layout = run.get().layout(store.prefix());
        Manifest manifest = manifest(run.get()).orElseThrow();
        out.printf("%s, snapshot %s, run %s%s: %s rows in %s files; content hash %s%n", name, layout.snapshotDate(), layout.runId(),
                manifest.provisional() ? " (provisional)" : "", manifest.totals().rows(), manifest.totals().files(), manifest.contentHash());
        Manifest.Label label = manifest.label();
        Manifest.Exclusions excluded = manifest.exclusions();
        out.println("excluded: no exposure at T " + excluded.noExposure() + ", bad at T " + excluded.badAtObservation()
                + ", known only after T " + excluded.knownOnlyAfterT() + ", erased " + excluded.erased());
        if (label != null) {
            out.println("label: " + label.column() + " (" + label.kind() + " within " + label.horizonMonths() + " months, window ends "
                    + label.windowEnd() + ", " + (label.labelComplete() ? "final, rate " + label.rate()
                    : "not final until " + label.finalFrom() + ": rows unlabelled") + "; observed until " + manifest.observedUntil() + ")");
        }
        out.println("\nschema:");
        for (Manifest.SchemaColumn column : manifest.schema()) {
            out.printf("  %-34s %-9s %-8s %s%n", column.name(), column.type(), column.role() == null ? "" : column.role().toLowerCase(),
                    column.meaning());
        }
        Map<String, Object> profile = store.get(layout.profile()).map(b -> (Map<String, Object>) JSON.readValue(b, Map.class)).orElse(Map.of());
        out.println("\nprofile" + (profile.get("baseline") == null ? " (no earlier snapshot: no PSI)" : " (PSI against " + profile.get("baseline") + ")") + ":");
        Map<String, Object> psi = (Map<String, Object>) profile.getOrDefault("psi", Map.of());
        ((Map<String, Object>) profile.getOrDefault("columns", Map.of())).forEach((column, stats) -> {
            Map<String, Object> s = (Map<String, Object>) stats;
            String summary = s.containsKey("mean") ? "min %s max %s mean %.4f".formatted(s.get("min"), s.get("max"), ((Number) s.get("mean")).doubleValue())
                    : "top " + s.getOrDefault("topValues", Map.of());
            out.printf("  %-34s nulls %5.1f%%  %s%s%n", column, 100 * ((Number) s.get("nullRate")).doubleValue(), summary,
                    psi.containsKey(column) ? "  PSI " + psi.get(column) : "");
        });
        if (profile.get("labelRate") != null) {
            out.printf("label rate: %.4f%n", ((Number) profile.get("labelRate")).doubleValue());
        }
        ((List<String>) profile.getOrDefault("warnings", List.of())).forEach(w -> out.println("WARNING: " + w));
        return ExitCode.COMPLETED;
    }

}
