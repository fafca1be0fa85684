package io.consumidor.jobs.mlexport.consistency;

import io.consumidor.batchsupport.cli.ExitCode;
import io.consumidor.batchsupport.cli.JobCli;
import io.consumidor.batchsupport.cli.JobCommand;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.features.logs.FeatureLogs;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code features consistency [date] [dataset=…]} (the check, with the job CLI's progress, then its reports) and
 * {@code features report [date] [dataset]} (the stored reports of a day): per dataset the lookups compared, the match
 * rate, skew and accepted differences, the features that differ most, and the first differences with both values.
 */
public final class FeaturesCli implements JobCommand {

    private final DatasetStore store;
    private final String prefix;
    private final Datasets datasets;
    private final PrintStream out;

    public FeaturesCli(DatasetStore store, String prefix, Datasets datasets, PrintStream out) {
        this.store = store;
        this.prefix = prefix;
        this.datasets = datasets;
        this.out = out;
    }

    @Override
    public String word() {
        return "features";
    }

    @Override
    public ExitCode run(List<String> words, JobCli jobs) {
        if (words.isEmpty() || !(words.get(0).equals("consistency") || words.get(0).equals("report"))) {
            return usage();
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        if (!rest.isEmpty() && !rest.get(0).contains("=")) {
            arguments.put(ConsistencyLaunch.DATE, rest.remove(0));
        }
        if (words.get(0).equals("report") && !rest.isEmpty() && !rest.get(0).contains("=")) {
            arguments.put(ConsistencyLaunch.DATASET, rest.remove(0));
        }
        arguments.putAll(JobCli.arguments(rest));
        LocalDate date;
        try {
            date = new ConsistencyLaunch(datasets).date(arguments.get(ConsistencyLaunch.DATE), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            out.println("features: " + e.getMessage());
            return ExitCode.USAGE;
        }
        arguments.put(ConsistencyLaunch.DATE, date.toString());
        if (words.get(0).equals("consistency")) {
            ExitCode ran = jobs.launch(ConsistencyLaunch.JOB, arguments);
            if (ran != ExitCode.COMPLETED && ran != ExitCode.ALREADY_COMPLETE) {
                return ran;
            }
        }
        return print(date, Optional.ofNullable(arguments.get(ConsistencyLaunch.DATASET)));
    }

    private ExitCode usage() {
        out.println("usage: features consistency [yyyy-MM-dd] [dataset=<name>] [run=<label>] | features report [yyyy-MM-dd] [dataset]");
        out.println("datasets: " + datasets.all().stream().map(Dataset::name).toList());
        return ExitCode.USAGE;
    }

    private ExitCode print(LocalDate date, Optional<String> only) {
        boolean any = false;
        for (Dataset dataset : datasets.all()) {
            if (only.isPresent() && !only.get().equals(dataset.name())) {
                continue;
            }
            Optional<byte[]> stored = store.get(FeatureLogs.day(prefix, dataset.name(), date) + FeatureLogs.REPORT);
            if (stored.isEmpty()) {
                out.println(dataset.name() + " @ " + date + ": no consistency report (run `./pipeline features consistency " + date + "`)");
                continue;
            }
            any = true;
            print(ConsistencyCheck.JSON.readTree(stored.get()));
        }
        return any || only.isEmpty() ? ExitCode.COMPLETED : ExitCode.FAILED;
    }

    private void print(JsonNode report) {
        String rate = report.get("matchRate").isNull() ? "n/a (nothing compared)" : String.format("%.2f %%", 100 * report.get("matchRate").asDouble());
        out.printf("%s @ %s: %d logged lookup(s) in %d batch(es), %d compared, %d not found, %d of another definition%n",
                report.get("dataset").asString(), report.get("date").asString(), report.get("lookups").asLong(), report.get("batches").asInt(),
                report.get("compared").asLong(), report.get("notFound").asLong(), report.get("otherDefinition").asLong());
        out.printf("  match rate %s; skew %d value(s); accepted %s; population verdicts differing %d%n", rate, report.get("skew").asLong(),
                report.get("accepted").toString(), report.get("populationSkew").asLong());
        if (report.at("/lateEvents/events").asLong() > 0) {
            out.printf("  late events: %d event(s) of %d lookup(s) happened before the lookup but reached Base C after it: unknown to both"
                    + " paths at T, so no skew%n", report.at("/lateEvents/events").asLong(), report.at("/lateEvents/lookups").asLong());
        }
        List<String> differing = new ArrayList<>();
        for (var feature : report.get("features").properties()) {
            long skew = feature.getValue().get("mismatch").asLong() + feature.getValue().get("missing").asLong() + feature.getValue().get("extra").asLong();
            long accepted = feature.getValue().get("indexing-lag").asLong();
            if (skew + accepted > 0) {
                differing.add(String.format("    %-40s mismatch %d, missing %d, extra %d, indexing-lag %d, unavailable %d", feature.getKey(),
                        feature.getValue().get("mismatch").asLong(), feature.getValue().get("missing").asLong(), feature.getValue().get("extra").asLong(),
                        accepted, feature.getValue().get("unavailable").asLong()));
            }
        }
        if (!differing.isEmpty()) {
            out.println("  features that differ:");
            differing.forEach(out::println);
            out.println("  first differences (pseudonym, lookup instant, feature: online vs offline, class):");
            for (JsonNode example : report.get("examples")) {
                out.printf("    %s %s %s: %s vs %s (%s)%n", example.get("pseudonym").asString().substring(0, 12), example.get("lookedUpAt").asString(),
                        example.get("feature").asString(), example.get("online").asString(), example.get("offline").asString(),
                        example.get("outcome").asString());
            }
        }
    }
}
