package io.consumidor.query.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.event.EventType;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.elasticsearch.ElasticsearchClients;
import io.consumidor.elasticsearch.ElasticsearchProperties;
import io.consumidor.query.QueryApiApplication;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The query API's benchmark (not a test): seeds {@code subjects} consumers (a profile and a rating in Base B,
 * 3 to 40 events over 180 days each in Base C, and the "latest" documents, as the router leaves them) into the
 * benchmark's own namespace and database, starts the API in this JVM, and runs {@link LoadGenerator} in a JVM
 * of its own: the raw Elasticsearch requests a summary needs, then the summary itself, same clients, same run.
 * A seeded namespace is reused by the next run with the same number of subjects.
 *
 * <p>{@code ./pipeline bench query [subjects=100000] [clients=50] [seconds=30] [warm-up seconds=60]}: each phase is
 * warmed up first for long enough that the JIT has finished with the API's code (on 2 shared cores it takes
 * a minute and more); the figures are of the steady state after it.
 */
public final class QueryBenchmark {

    static final String NAMESPACE = "qbench";
    private static final String DATABASE = "consumidor_bench_query";
    static final byte[] KEY = "consumidor-query-benchmark-key-0".getBytes(StandardCharsets.UTF_8);
    private static final int BULK = 5_000;

    public static void main(String[] args) throws Exception {
        int subjects = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int status = 0;
        try {
            new QueryBenchmark().run(subjects, clients, seconds, warmUp);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the clients keep non-daemon threads; the figures are printed
    }

    private void run(int subjects, int clients, int seconds, int warmUp) throws Exception {
        StackEnv env = TestStack.env();
        BaseCIndices indices = BaseCIndices.of(Namespace.of(NAMESPACE));
        SubjectPseudonymizer pseudonymizer = new SubjectPseudonymizer("bench", KEY);
        String mongoUri = env.mongoUri().substring(0, env.mongoUri().lastIndexOf('/') + 1) + DATABASE;
        Path consumers = Files.createTempFile("query-bench-subjects", ".txt");
        try (MongoClient mongo = MongoClients.create(mongoUri); var rest = ElasticsearchClients.restClient(new ElasticsearchProperties(
                List.of(URI.create(env.elasticsearchUrl())), null, null, Duration.ofSeconds(2), Duration.ofSeconds(120)))) {
            ElasticsearchClient elasticsearch = ElasticsearchClients.client(rest);
            MongoDatabase baseB = mongo.getDatabase(DATABASE);
            System.out.printf("Query API benchmark: %d subjects, %d concurrent clients in a separate JVM, %d s per phase after %d s of warm-up "
                    + "(local stack on 2 cores, Elasticsearch, the API and the load generator sharing them)%n", subjects, clients, seconds, warmUp);
            seed(elasticsearch, baseB, indices, pseudonymizer, subjects, false);
            writeConsumers(consumers, pseudonymizer, subjects);
            String activity = Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE));
            try (TestQueues queues = new TestQueues(env)) {
                queues.client().createQueue(b -> b.queueName(activity));
                ConfigurableApplicationContext api = startApi(NAMESPACE, mongoUri, List.of());
                try {
                    int port = ((WebServerApplicationContext) api).getWebServer().getPort();
                    String token = new LocalIssuer(env.settings()).token("query-benchmark", List.of("base-c:read", "rating:read"),
                            Duration.ofMinutes(55), LocalIssuer.AUDIENCE); // within the API's 1-hour token limit
                    loadGenerator(consumers, env, indices, "http://127.0.0.1:" + port, token, clients, seconds, warmUp);
                } finally {
                    api.close();
                    queues.client().purgeQueue(b -> b.queueUrl(queues.url(activity))); // the recorded lookups
                }
            }
        } finally {
            Files.deleteIfExists(consumers);
        }
    }

    /** The API in this JVM, on the benchmark's namespace and database, with the benchmark's subject key and {@code more} arguments. */
    static ConfigurableApplicationContext startApi(String namespace, String mongoUri, List<String> more) {
        // Command-line arguments: they outrank application.yml (the builder's properties would not).
        List<String> apiArgs = new ArrayList<>(List.of("--server.port=0", "--consumidor.namespace=" + namespace,
                "--spring.mongodb.uri=" + mongoUri, "--spring.data.mongodb.uri=" + mongoUri,
                "--consumidor.query.subject.key-id=bench", "--consumidor.query.subject.key=" + Base64.getEncoder().encodeToString(KEY),
                // The audit line of every lookup is written, to a file as in production, not to this console.
                "--logging.file.name=" + System.getProperty("java.io.tmpdir") + "/query-bench-api.log", "--logging.threshold.console=WARN",
                "--spring.main.banner-mode=off"));
        apiArgs.addAll(more);
        // To compare settings in one command: -Dbench.app.args=name=value,name=value (query-api properties).
        String extra = System.getProperty("bench.app.args", "");
        if (!extra.isBlank()) {
            java.util.Arrays.stream(extra.split(",")).map(arg -> "--" + arg).forEach(apiArgs::add);
        }
        return new SpringApplicationBuilder(QueryApiApplication.class).run(apiArgs.toArray(String[]::new));
    }

    /** The load generator's consumers: one {@code cpf subject} pair per line, the seeded ones. */
    static void writeConsumers(Path file, SubjectPseudonymizer pseudonymizer, int subjects) throws java.io.IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            for (int i = 0; i < subjects; i++) {
                Cpf cpf = TestCpfs.nth(i);
                out.println(cpf.digits() + " " + pseudonymizer.subjectOf(cpf).value());
            }
        }
    }

    /** Echoes the load generator's output and returns its RESULT lines by label: req/s, p50, p99, p99.9. */
    static Map<String, double[]> results(Process process) throws Exception {
        Map<String, double[]> results = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    String[] f = line.split(" ");
                    results.put(f[1], new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])});
                } else {
                    System.out.println(line);
                }
            }
        }
        process.waitFor();
        return results;
    }

    private void loadGenerator(Path consumers, StackEnv env, BaseCIndices indices, String api, String token, int clients, int seconds,
                               int warmUp) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName(), consumers.toString(), env.elasticsearchUrl(),
                indices.latest(), indices.erasures(), NAMESPACE, api, token, Integer.toString(clients), Integer.toString(seconds),
                Integer.toString(warmUp))
                .redirectErrorStream(true).start();
        Map<String, double[]> results = results(process);
        if (process.exitValue() != 0 || !results.containsKey("raw") || !results.containsKey("summary")) {
            throw new IllegalStateException("the load generator failed (exit " + process.exitValue() + ")");
        }
        double[] raw = results.get("raw");
        double[] summary = results.get("summary");
        System.out.printf("summary / raw: throughput %.0f %% (target ≥ 50 %%), p99 %.2f× (target ≤ 2×), summary p99 %.2f ms (target < 25 ms)%n",
                100 * summary[0] / raw[0], summary[2] / raw[2], summary[2]);
    }

    /**
     * Seeds (or reuses) the benchmark's consumers, printing progress; {@code history}: also Base B's history of each
     * profile's facts and the rating history, as the router and the rating job leave them (what feature vectors read).
     */
    static void seed(ElasticsearchClient elasticsearch, MongoDatabase baseB, BaseCIndices indices, SubjectPseudonymizer pseudonymizer,
                     int subjects, boolean history) throws Exception {
        long ratings = baseB.getCollection(BaseBCollections.RATINGS).countDocuments();
        boolean indexed = elasticsearch.indices().exists(e -> e.index(indices.latest())).value()
                && elasticsearch.count(c -> c.index(indices.latest())).count() >= subjects;
        boolean histories = !history || baseB.getCollection(BaseBCollections.PROFILE_HISTORY).countDocuments() >= 2L * subjects;
        if (ratings == subjects && indexed && histories) {
            System.out.println("seed: reusing the " + subjects + " seeded subjects of namespace " + NAMESPACE);
            return;
        }
        long started = System.nanoTime();
        IndexTemplates.dropNamespace(elasticsearch, indices);
        IndexTemplates.apply(elasticsearch, indices);
        baseB.drop();
        Random random = new Random(42);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        int operations = 0;
        long events = 0;
        List<Document> profiles = new ArrayList<>();
        List<Document> rated = new ArrayList<>();
        List<Document> ratedBefore = new ArrayList<>();
        List<io.consumidor.baseb.history.HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < subjects; i++) {
            String subject = pseudonymizer.subjectOf(TestCpfs.nth(i)).value();
            io.consumidor.baseb.profile.Profile profile = TestProfiles.profile(subject, i);
            profiles.add(TestProfiles.document(profile));
            RatingRecord rating = new RatingRecord(subject, 300 + random.nextInt(600), "LOW_RISK",
                    List.of(new RatingRecord.Reason("R03", "incomeBand", "Income below the median", 40, false)), "scorecard-v1", "f", 1,
                    now.minus(Duration.ofHours(random.nextInt(48))), LocalDate.now(), "bench", Map.of());
            rated.add(RatingCodec.current(rating));
            if (history) {
                ratedBefore.add(RatingCodec.history(rating));
                entries.add(new io.consumidor.baseb.history.HistoryEntry(subject, io.consumidor.baseb.profile.ProfileGroup.PERSONAL, profile.personal()));
                entries.add(new io.consumidor.baseb.history.HistoryEntry(subject, io.consumidor.baseb.profile.ProfileGroup.DEBT_SUMMARY, profile.debts()));
            }
            Map<EventType, Map<String, Object>> newest = new HashMap<>();
            int count = 3 + random.nextInt(38);
            for (int e = 0; e < count; e++) {
                Map<String, Object> event = event(subject, random, now);
                EventType type = EventType.of((String) event.get(EventFields.TYPE)).orElseThrow();
                Map<String, Object> seen = newest.get(type);
                if (seen == null || ((String) seen.get(EventFields.OCCURRED_AT)).compareTo((String) event.get(EventFields.OCCURRED_AT)) < 0) {
                    newest.put(type, event);
                }
                Instant at = Instant.parse((String) event.get(EventFields.OCCURRED_AT));
                bulk.operations(op -> op.index(x -> x.index(indices.eventsFor(at)).id((String) event.get(EventFields.EVENT_ID)).document(event)));
                operations++;
                events++;
            }
            for (Map.Entry<EventType, Map<String, Object>> entry : newest.entrySet()) {
                bulk.operations(op -> op.index(x -> x.index(indices.latest()).id(BaseCIndices.latestId(subject, entry.getKey().wireName()))
                        .document(entry.getValue())));
                operations++;
            }
            if (operations >= BULK) {
                send(elasticsearch, bulk.build());
                bulk = new BulkRequest.Builder();
                operations = 0;
            }
            if (profiles.size() == 1_000) {
                insert(baseB, profiles, rated, ratedBefore, entries);
            }
            if ((i + 1) % 10_000 == 0) {
                System.out.printf("seed: %d/%d subjects, %d events, %.0f s%n", i + 1, subjects, events, (System.nanoTime() - started) / 1e9);
            }
        }
        if (operations > 0) {
            send(elasticsearch, bulk.build());
        }
        if (!profiles.isEmpty()) {
            insert(baseB, profiles, rated, ratedBefore, entries);
        }
        if (history) {
            io.consumidor.baseb.BaseBIndexes.ensure(baseB); // the subject indexes the router creates: per-subject history reads use them
        }
        elasticsearch.indices().refresh(r -> r.index(indices.events(), indices.latest()).allowNoIndices(true).ignoreUnavailable(true));
        System.out.printf("seed: %d subjects, %d events in %.0f s%n", subjects, events, (System.nanoTime() - started) / 1e9);
    }

    private static void insert(MongoDatabase baseB, List<Document> profiles, List<Document> rated, List<Document> ratedBefore,
                               List<io.consumidor.baseb.history.HistoryEntry> entries) {
        baseB.getCollection(BaseBCollections.PROFILES).insertMany(profiles);
        baseB.getCollection(BaseBCollections.RATINGS).insertMany(rated);
        if (!ratedBefore.isEmpty()) {
            baseB.getCollection(BaseBCollections.RATING_HISTORY).insertMany(ratedBefore);
            new io.consumidor.baseb.history.ProfileHistory(baseB).record(entries);
        }
        profiles.clear();
        rated.clear();
        ratedBefore.clear();
        entries.clear();
    }

    private static void send(ElasticsearchClient elasticsearch, BulkRequest request) throws Exception {
        var response = elasticsearch.bulk(request);
        if (response.errors()) {
            throw new IllegalStateException("seeding Base C failed: " + response.items().stream().filter(i -> i.error() != null)
                    .findFirst().map(i -> i.error().reason()).orElse("?"));
        }
    }

    /** A bureau query (15 %), a movement (45 %) or a card purchase (40 %) within the last 180 days. */
    private static Map<String, Object> event(String subject, Random random, Instant now) {
        Instant at = now.minusSeconds(60 + random.nextInt(180 * 86_400));
        int kind = random.nextInt(100);
        EventType type = kind < 15 ? EventType.BUREAU_QUERY : kind < 60 ? EventType.FINANCIAL_MOVEMENT : EventType.CARD_PURCHASE;
        Map<String, Object> payload = switch (type) {
            case BUREAU_QUERY -> Map.of("bureau", random.nextBoolean() ? "serasa" : "quod", "purpose", "credit-analysis");
            case FINANCIAL_MOVEMENT -> Map.of("amount", Math.round(random.nextDouble() * 500_000) / 100.0, "currency", "BRL",
                    "direction", random.nextBoolean() ? "IN" : "OUT", "kind", "PIX");
            default -> Map.of("amount", Math.round(random.nextDouble() * 80_000) / 100.0, "currency", "BRL", "merchantCategory", "5411",
                    "merchantName", "Mercado", "channel", "ONLINE");
        };
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(EventFields.EVENT_ID, java.util.UUID.randomUUID().toString());
        document.put(EventFields.TYPE, type.wireName());
        document.put(EventFields.SCHEMA_VERSION, 1);
        document.put(EventFields.SUBJECT, subject);
        document.put(EventFields.OCCURRED_AT, at.toString());
        document.put(EventFields.RECORDED_AT, at.plusSeconds(1).toString());
        document.put(EventFields.PAYLOAD, payload);
        return document;
    }
}
