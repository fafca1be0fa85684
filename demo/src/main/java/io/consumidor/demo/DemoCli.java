package io.consumidor.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.core.wire.Namespace;
import io.consumidor.elasticsearch.ElasticsearchClients;
import io.consumidor.elasticsearch.ElasticsearchProperties;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.stack.ProjectHome;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./pipeline demo}'s Java half (the script runs the jobs in between):
 * <ul>
 *   <li>{@code generate [consumers] [seed=N]}: registers the seed's people through Base A's API, one version per
 *       month that changed, sends their 18 months of activity through the intake, waits until Base B and C hold all
 *       of it, back-dates it (see the module README) and writes {@code .pipeline/demo/plan.env} (the run label
 *       and the two snapshot dates the script exports);</li>
 *   <li>{@code report}: the closing report;</li>
 *   <li>{@code cpfs [n] [seed=N]}: a few of the seed's synthetic CPFs, to look one up through the API.</li>
 * </ul>
 */
public final class DemoCli {

    static final int DEFAULT_CONSUMERS = 300;
    static final long DEFAULT_SEED = 42;
    static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(10);
    private static final int THREADS = 4;
    private static final int INTAKE_BATCH = 500;

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
            case "cpfs" -> cpfs(words.size() > 1 ? Integer.parseInt(words.get(1)) : 3, seed);
            default -> {
                out.println("usage: demo generate [consumers] [seed=N] | report | cpfs [n] [seed=N]");
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

    /** The training snapshot whose 12-month performance window closed yesterday: its labels are complete. */
    LocalDate trainingSnapshot() {
        return today().minusMonths(12).minusDays(1);
    }

    int generate(int consumers, long seed) {
        if (consumers < 1) {
            throw new IllegalArgumentException("consumers must be at least 1");
        }
        Population population = new Population(seed, today());
        IngestClient ingest = new IngestClient(settings.ingest(), new LocalIssuer(settings.stack()));
        String run = "demo-" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(ZonedDateTime.ofInstant(now, settings.zone()));
        if (ingest.exists(population.person(0).cpf())) {
            Properties earlier = planFile().toFile().isFile() ? readPlan() : new Properties();
            if (!String.valueOf(seed).equals(earlier.getProperty("DEMO_SEED"))) {
                throw new IllegalStateException("Base A already holds consumers of seed " + seed + " from a demo that did not finish;"
                        + " run ./pipeline demo with another seed (seed=N)");
            }
            out.printf("Base A already holds seed %d's %s consumers from an earlier demo: not generating again (seed=N for new ones).%n",
                    seed, earlier.getProperty("DEMO_CONSUMERS"));
            writePlan(run, seed, Integer.parseInt(earlier.getProperty("DEMO_CONSUMERS")));
            return 0;
        }
        long started = System.nanoTime();
        List<Population.Person> people = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            people.add(population.person(i));
        }
        List<DemoStores.Versions> versions = register(ingest, people);
        long sent = sendActivity(ingest, people, seed);
        try (MongoClient mongo = MongoClients.create(settings.mongoUri()); ElasticsearchClientHandle es = elasticsearch()) {
            DemoStores stores = new DemoStores(mongo.getDatabase(database()), es.client(), indices());
            awaitArrival(stores, versions, sent);
            long moved = stores.backdateProfiles(versions, now);
            long stamped = stores.backdateActivity(versions.stream().map(DemoStores.Versions::subject).toList(), now);
            out.printf("Back-dated %,d Base B history entries to their months and %,d Base C events to %d s after they occurred.%n",
                    moved, stamped, DemoStores.RECORDING_LAG.toSeconds());
        }
        writePlan(run, seed, consumers);
        out.printf("Generated %,d consumers in %.0f s.%n", consumers, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private List<DemoStores.Versions> register(IngestClient ingest, List<Population.Person> people) {
        AtomicLong done = new AtomicLong();
        AtomicLong puts = new AtomicLong();
        List<DemoStores.Versions> versions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Progress progress = new Progress(out, () -> String.format("registered %,d of %,d consumers (%,d versions)", done.get(),
                people.size(), puts.get()))) {
            List<Future<DemoStores.Versions>> futures = new ArrayList<>();
            for (Population.Person person : people) {
                futures.add(pool.submit(() -> {
                    Map<Long, Instant> at = new LinkedHashMap<>();
                    IngestClient.Stored stored = null;
                    Population.Month previous = null;
                    for (int m = 0; m <= Population.MONTHS; m++) {
                        Population.Month month = person.months().get(m);
                        if (month.equals(previous)) {
                            continue; // nothing changed that month: Base A gets no new version
                        }
                        stored = ingest.put(person, month, stored == null ? null : stored.version());
                        at.put(stored.version(), month(m));
                        previous = month;
                        puts.incrementAndGet();
                    }
                    done.incrementAndGet();
                    return new DemoStores.Versions(stored.subject(), at);
                }));
            }
            for (Future<DemoStores.Versions> future : futures) {
                versions.add(get(future));
            }
        } finally {
            pool.shutdownNow();
        }
        out.printf("Registered %,d consumers through Base A's API: %,d versions over %d months.%n", people.size(),
                versions.stream().mapToLong(v -> v.at().size()).sum(), Population.MONTHS);
        return versions;
    }

    private long sendActivity(IngestClient ingest, List<Population.Person> people, long seed) {
        Activity activity = new Activity(seed, now);
        AtomicLong sent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Progress progress = new Progress(out, () -> String.format("sent %,d activity events", sent.get()))) {
            List<Future<?>> futures = new ArrayList<>();
            List<Map<String, Object>> batch = new ArrayList<>();
            for (Population.Person person : people) {
                batch.addAll(activity.of(person));
                while (batch.size() >= INTAKE_BATCH) {
                    List<Map<String, Object>> items = new ArrayList<>(batch.subList(0, INTAKE_BATCH));
                    batch.subList(0, INTAKE_BATCH).clear();
                    futures.add(pool.submit(() -> sent.addAndGet(ingest.events(items))));
                }
            }
            if (!batch.isEmpty()) {
                List<Map<String, Object>> items = List.copyOf(batch);
                futures.add(pool.submit(() -> sent.addAndGet(ingest.events(items))));
            }
            futures.forEach(DemoCli::get);
        } finally {
            pool.shutdownNow();
        }
        out.printf("Sent %,d card purchases, movements and bureau queries through the intake, spread over %d months.%n", sent.get(),
                Population.MONTHS);
        return sent.get();
    }

    private void awaitArrival(DemoStores stores, List<DemoStores.Versions> versions, long events) {
        long expectedVersions = versions.stream().mapToLong(v -> v.at().size()).sum();
        List<String> subjects = versions.stream().map(DemoStores.Versions::subject).toList();
        Instant deadline = Instant.now().plus(ARRIVAL_TIMEOUT);
        long[] seen = new long[2];
        try (Progress progress = new Progress(out, () -> String.format("waiting for the router: Base B %,d of %,d versions, Base C %,d of %,d events",
                seen[0], expectedVersions, seen[1], events))) {
            while (true) {
                seen[0] = stores.versionsArrived(versions);
                seen[1] = stores.eventsArrived(subjects);
                if (seen[0] >= expectedVersions && seen[1] >= events) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(String.format("after %d minutes Base B has %d of %d versions and Base C %d of %d events:"
                                    + " is the stream router up (./pipeline up)? Dead letters: ./pipeline dlq list", ARRIVAL_TIMEOUT.toMinutes(),
                            seen[0], expectedVersions, seen[1], events));
                }
                pause();
            }
        }
        out.printf("Base B and C hold everything: %,d versions, %,d events.%n", expectedVersions, events);
    }

    private int report() {
        Properties plan = readPlan();
        try (MongoClient mongo = MongoClients.create(settings.mongoUri()); ElasticsearchClientHandle es = elasticsearch();
             S3Client s3 = s3()) {
            DatasetStore datasets = new DatasetStore(s3, settings.s3Bucket(), settings.s3Prefix());
            Report report = new Report(settings, mongo.getDatabase(database()), es.client(), indices(), datasets);
            report.print(out, List.of(
                    report.dataset("credit-scoring", LocalDate.parse(plan.getProperty("DEMO_SCORING_DATE"))),
                    report.dataset("credit-default-12m", LocalDate.parse(plan.getProperty("DEMO_TRAINING_DATE")))));
        }
        return 0;
    }

    private int cpfs(int n, long seed) {
        Population population = new Population(seed, today());
        out.println("Synthetic CPFs of seed " + seed + " (made up by the demo; valid check digits, nobody's):");
        for (int i = 0; i < n; i++) {
            out.println("  " + population.person(i).cpf());
        }
        return 0;
    }

    Path planFile() {
        return settings.stateDir().resolve("plan.env");
    }

    /** Written once everything is generated: a demo that stopped midway leaves no plan of its seed. */
    private void writePlan(String run, long seed, int consumers) {
        try {
            Files.createDirectories(planFile().getParent());
            Files.writeString(planFile(), "DEMO_RUN=" + run + "\nDEMO_SCORING_DATE=" + today() + "\nDEMO_TRAINING_DATE=" + trainingSnapshot()
                    + "\nDEMO_SEED=" + seed + "\nDEMO_CONSUMERS=" + consumers + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Properties readPlan() {
        Properties plan = new Properties();
        try (var reader = Files.newBufferedReader(planFile())) {
            plan.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("no demo has run yet (" + planFile() + " is missing): ./pipeline demo", e);
        }
        return plan;
    }

    private String database() {
        String database = new ConnectionString(settings.mongoUri()).getDatabase();
        return database == null ? "consumidor" : database;
    }

    private BaseCIndices indices() {
        return BaseCIndices.of(Namespace.of(settings.namespace()));
    }

    /** The Elasticsearch client and its REST client, closed together. */
    private record ElasticsearchClientHandle(ElasticsearchClient client, org.elasticsearch.client.RestClient rest)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                rest.close();
            } catch (IOException ignored) {
                // closing on the way out
            }
        }
    }

    private ElasticsearchClientHandle elasticsearch() {
        var rest = ElasticsearchClients.restClient(new ElasticsearchProperties(List.of(settings.elasticsearch()), null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(30)));
        return new ElasticsearchClientHandle(ElasticsearchClients.client(rest), rest);
    }

    private S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(settings.s3Endpoint())).forcePathStyle(true)
                .region(Region.of(settings.awsRegion())).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.awsAccessKeyId(), settings.awsSecretAccessKey()))).build();
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
