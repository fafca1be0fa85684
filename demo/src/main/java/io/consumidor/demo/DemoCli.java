package io.consumidor.demo;

import io.consumidor.features.dataset.Datasets;
import io.consumidor.features.rows.LabelRules;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.stack.ProjectHome;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ./pipeline demo}'s Java half (the script runs the jobs in between) — the commands; the data going in is
 * {@link Generation}'s, the plan file {@link DemoPlan}'s, the connections {@link DemoConnections}', the report
 * {@link Report}'s:
 * <ul>
 *   <li>{@code generate [consumers] [seed=N]}: registers the seed's people through Base A's API, one version per
 *       month that changed, sends their 18 months of activity through the intake, waits until Base B and C hold all
 *       of it, back-dates it (see the module README) and writes {@code .pipeline/demo/plan.env} (the run label
 *       and the two snapshot dates the script exports);</li>
 *   <li>{@code lookups}: the generated consumers' feature vectors of both datasets through the query API, and the wait
 *       for its lookup log (what {@code featureConsistency} checks next);</li>
 *   <li>{@code report}: the closing report;</li>
 *   <li>{@code cpfs [n] [seed=N]}: a few of the seed's synthetic CPFs, to look one up through the API.</li>
 * </ul>
 */
public final class DemoCli {

    static final String TRAINING_SET = "credit-default-12m";
    static final int DEFAULT_CONSUMERS = 300;
    static final long DEFAULT_SEED = 42;

    private final DemoSettings settings;
    private final PrintStream out;
    private final Instant now;

    DemoCli(DemoSettings settings, PrintStream out, Instant now) {
        this.settings = settings;
        this.out = out;
        this.now = now;
    }

    public static void main(String[] args) {
        Path home = System.getProperty("consumidor.home") == null ? ProjectHome.locate() : Path.of(System.getProperty("consumidor.home"));
        try {
            System.exit(new DemoCli(DemoSettings.from(home, System.getenv()), System.out, Instant.now()).run(List.of(args)));
        } catch (RuntimeException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The demo against the stores and ingest-app the variables name (what a test calls; {@link #main} is this with the process's). */
    public static int run(Path home, Map<String, String> env, PrintStream out, String... args) {
        return new DemoCli(DemoSettings.from(home, env), out, Instant.now()).run(List.of(args));
    }

    int run(List<String> args) {
        List<String> words = args.stream().filter(a -> !a.contains("=")).toList();
        long seed = args.stream().filter(a -> a.startsWith("seed=")).map(a -> Long.parseLong(a.substring(5))).findFirst().orElse(DEFAULT_SEED);
        String command = words.isEmpty() ? "" : words.get(0);
        return switch (command) {
            case "generate" -> generate(words.size() > 1 ? Integer.parseInt(words.get(1)) : DEFAULT_CONSUMERS, seed);
            case "report" -> report();
            case "lookups" -> lookups();
            case "check" -> check();
            case "cpfs" -> cpfs(words.size() > 1 ? Integer.parseInt(words.get(1)) : 3, seed);
            default -> {
                out.println("usage: demo generate [consumers] [seed=N] | lookups | report | check | cpfs [n] [seed=N]");
                yield 2;
            }
        };
    }

    /** Month {@code m} of the 18 (18 = now) as an instant: the same time of day, {@code 18 - m} months back. */
    Instant month(int m) {
        return m == Population.MONTHS ? now : ZonedDateTime.ofInstant(now, settings.zone()).minusMonths(Population.MONTHS - m).toInstant();
    }

    LocalDate today() {
        return LocalDate.ofInstant(now, settings.zone());
    }

    /**
     * The newest training snapshot whose label is final now: its performance window and the maturity buffer of
     * the shipped {@code credit-default-12m} have closed (an earlier one would be refused).
     */
    LocalDate trainingSnapshot() {
        return LabelRules.latestMatureSnapshot(Datasets.shipped().find(TRAINING_SET).orElseThrow(), now);
    }

    int generate(int consumers, long seed) {
        if (consumers < 1) {
            throw new IllegalArgumentException("consumers must be at least 1");
        }
        Population population = new Population(seed, today());
        IngestClient ingest = new IngestClient(settings.ingest(), new LocalIssuer(settings.stack()));
        String run = "demo-" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(ZonedDateTime.ofInstant(now, settings.zone()));
        DemoPlan plan = plan();
        if (ingest.exists(population.person(0).cpf())) {
            Properties earlier = plan.exists() ? plan.read() : new Properties();
            if (!String.valueOf(seed).equals(earlier.getProperty(DemoPlan.SEED))) {
                throw new IllegalStateException("Base A already holds consumers of seed " + seed + " from a demo that did not finish;"
                        + " run ./pipeline demo with another seed (seed=N)");
            }
            out.printf("Base A already holds seed %d's %s consumers from an earlier demo: not generating again (seed=N for new ones).%n",
                    seed, earlier.getProperty(DemoPlan.CONSUMERS));
            int demoConsumers = Integer.parseInt(earlier.getProperty(DemoPlan.CONSUMERS, "0"));
            try (DemoConnections connections = new DemoConnections(settings)) {
                Report report = new Report(settings, connections.database(), connections.elasticsearch(), connections.indices(), null);
                String missing = report.missingBaseB(demoConsumers);
                if (missing != null && report.liveProfiles() < demoConsumers) {
                    out.println(missing);
                    out.println("The demo stops here rather than rate and export a Base B without its consumers. For a new population"
                            + " with its back-dated history: ./pipeline demo seed=" + (seed + 1));
                    return 3;
                }
                if (missing != null) {
                    out.println("Note: " + missing + " (The demo's own consumers are all there: going on.)");
                }
            }
            plan.write(run, today(), trainingSnapshot(), seed, Integer.parseInt(earlier.getProperty(DemoPlan.CONSUMERS)));
            return 0;
        }
        long started = System.nanoTime();
        List<Population.Person> people = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            people.add(population.person(i));
        }
        Generation generation = new Generation(ingest, out, now, this::month);
        List<DemoStores.Versions> versions = generation.register(people);
        long sent = generation.sendActivity(people, seed);
        try (DemoConnections connections = new DemoConnections(settings)) {
            DemoStores stores = connections.stores();
            generation.awaitArrival(stores, versions, sent);
            long moved = stores.backdateProfiles(versions, now);
            long stamped = stores.backdateActivity(versions.stream().map(DemoStores.Versions::subject).toList(), now);
            out.printf("Back-dated %,d Base B history entries to their months and %,d Base C events to %d s after they occurred.%n",
                    moved, stamped, DemoStores.RECORDING_LAG.toSeconds());
        }
        plan.write(run, today(), trainingSnapshot(), seed, consumers);
        out.printf("Generated %,d consumers in %.0f s.%n", consumers, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** Silent when Base B covers Base A; else says what is missing and what to run (./pipeline up calls it). */
    private int check() {
        String missing = missingBaseB();
        if (missing != null) {
            out.println("WARNING: " + missing);
            return 1;
        }
        return 0;
    }

    private String missingBaseB() {
        try (DemoConnections connections = new DemoConnections(settings)) {
            return new Report(settings, connections.database(), connections.elasticsearch(), connections.indices(), null).missingBaseB();
        }
    }

    /** The plan's consumers looked up online in both datasets, then their logging awaited (what featureConsistency checks next). */
    private int lookups() {
        Properties plan = plan().read();
        Population population = new Population(Long.parseLong(plan.getProperty(DemoPlan.SEED)), today());
        List<String> cpfs = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(plan.getProperty(DemoPlan.CONSUMERS)); i++) {
            cpfs.add(population.person(i).cpf());
        }
        FeatureLookups lookups = new FeatureLookups(settings.query(), new LocalIssuer(settings.stack()), out);
        int answered = lookups.lookUp(cpfs);
        try (DemoConnections connections = new DemoConnections(settings)) {
            lookups.awaitLog(connections.s3(), settings.s3Bucket(), settings.featureLogsPrefix(), today(), answered);
        }
        return 0;
    }

    private int report() {
        Properties plan = plan().read();
        try (DemoConnections connections = new DemoConnections(settings)) {
            DatasetStore datasets = new DatasetStore(connections.s3(), settings.s3Bucket(), settings.s3Prefix());
            Report report = new Report(settings, connections.database(), connections.elasticsearch(), connections.indices(), datasets);
            LocalDate scoring = LocalDate.parse(plan.getProperty(DemoPlan.SCORING_DATE));
            report.print(out, List.of(
                    report.dataset("credit-scoring", scoring),
                    report.dataset(TRAINING_SET, LocalDate.parse(plan.getProperty(DemoPlan.TRAINING_DATE)))),
                    FeatureLookups.DATASETS.stream().map(d -> report.consistency(d, scoring, settings.featureLogsPrefix())).toList());
        }
        return 0;
    }

    DemoPlan plan() {
        return new DemoPlan(settings.stateDir().resolve("plan.env"));
    }

    private int cpfs(int n, long seed) {
        Population population = new Population(seed, today());
        out.println("Synthetic CPFs of seed " + seed + " (made up by the demo; valid check digits, nobody's):");
        for (int i = 0; i < n; i++) {
            out.println("  " + population.person(i).cpf());
        }
        return 0;
    }
}
