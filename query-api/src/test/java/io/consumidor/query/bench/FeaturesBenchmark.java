package io.consumidor.query.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.elasticsearch.ElasticsearchClients;
import io.consumidor.elasticsearch.ElasticsearchProperties;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The online features' benchmark (not a test): seeds {@code subjects} consumers into its own namespace and database —
 * a profile with its Base B history, a rating with its history, 3 to 40 events over 180 days in Base C — starts the API
 * in this JVM (logging 5 % of subjects' lookups, as production does, under its own S3 prefix; the load's one token may
 * hold all 16 read turns), and for 16 and then 50
 * clients runs {@link FeaturesLoadGenerator} in a JVM of its own: the raw store reads a {@code credit-default-12m}
 * vector needs, then {@code POST /v1/features}, each phase warmed up first.
 *
 * <p>{@code ./pipeline bench features [subjects=10000] [clients=16,50] [seconds=30] [warm-up seconds=60]}.
 */
public final class FeaturesBenchmark {

    private static final String NAMESPACE = "fbench";
    private static final String DATABASE = "consumidor_bench_features";
    private static final String LOGS = "bench-feature-logs";
    private static final String DATASET = "credit-default-12m";

    public static void main(String[] args) throws Exception {
        int subjects = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<Integer> clients = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList() : List.of(16, 50);
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int status = 0;
        try {
            run(subjects, clients, seconds, warmUp);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(int subjects, List<Integer> clients, int seconds, int warmUp) throws Exception {
        StackEnv env = TestStack.env();
        BaseCIndices indices = BaseCIndices.of(Namespace.of(NAMESPACE));
        SubjectPseudonymizer pseudonymizer = new SubjectPseudonymizer("bench", QueryBenchmark.KEY);
        String mongoUri = env.mongoUri().substring(0, env.mongoUri().lastIndexOf('/') + 1) + DATABASE;
        Path consumers = Files.createTempFile("features-bench-subjects", ".txt");
        try (MongoClient mongo = MongoClients.create(mongoUri); var rest = ElasticsearchClients.restClient(new ElasticsearchProperties(
                List.of(URI.create(env.elasticsearchUrl())), null, null, Duration.ofSeconds(2), Duration.ofSeconds(120)))) {
            ElasticsearchClient elasticsearch = ElasticsearchClients.client(rest);
            MongoDatabase baseB = mongo.getDatabase(DATABASE);
            System.out.printf("Feature vector benchmark (%s): %d subjects, %s concurrent clients in a separate JVM, %d s per phase after %d s of"
                    + " warm-up (local stack on 2 cores, the stores, the API and the load generator sharing them)%n", DATASET, subjects, clients,
                    seconds, warmUp);
            QueryBenchmark.seed(elasticsearch, baseB, indices, pseudonymizer, subjects, true);
            QueryBenchmark.writeConsumers(consumers, pseudonymizer, subjects);
            String activity = Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE));
            try (TestQueues queues = new TestQueues(env)) {
                queues.client().createQueue(b -> b.queueName(activity));
                ConfigurableApplicationContext api = QueryBenchmark.startApi(NAMESPACE, mongoUri, List.of(
                        "--consumidor.query.features.log.share=0.05", "--consumidor.query.features.log.s3.prefix=" + LOGS,
                        // one token for all of the load's clients: its share of the read turns is the whole limit (16)
                        "--consumidor.query.max-concurrent-reads-per-client=16"));
                try {
                    int port = ((WebServerApplicationContext) api).getWebServer().getPort();
                    String token = new LocalIssuer(env.settings()).token("features-benchmark", List.of("features:read"), Duration.ofMinutes(55),
                            LocalIssuer.AUDIENCE);
                    for (int n : clients) {
                        load(consumers, env, mongoUri, "http://127.0.0.1:" + port, token, n, seconds, warmUp);
                    }
                } finally {
                    api.close();
                    queues.client().purgeQueue(b -> b.queueUrl(queues.url(activity))); // the recorded lookups
                    try (S3Client s3 = new io.consumidor.aws.S3Connection(env.s3Endpoint(), env.awsRegion(), true, env.awsAccessKeyId(),
                            env.awsSecretAccessKey(), null).client()) {
                        s3.listObjectsV2Paginator(b -> b.bucket(env.s3Bucket()).prefix(LOGS + "/")).contents()
                                .forEach(o -> s3.deleteObject(b -> b.bucket(env.s3Bucket()).key(o.key())));
                    }
                }
            }
        } finally {
            Files.deleteIfExists(consumers);
        }
    }

    private static void load(Path consumers, StackEnv env, String mongoUri, String api, String token, int clients, int seconds, int warmUp)
            throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), FeaturesLoadGenerator.class.getName(), consumers.toString(), mongoUri,
                env.elasticsearchUrl(), NAMESPACE, DATASET, api, token, Integer.toString(clients), Integer.toString(seconds), Integer.toString(warmUp))
                .redirectErrorStream(true).start();
        Map<String, double[]> results = QueryBenchmark.results(process);
        if (process.exitValue() != 0 || !results.containsKey("raw") || !results.containsKey("features")) {
            throw new IllegalStateException("the load generator failed (exit " + process.exitValue() + ")");
        }
        double[] raw = results.get("raw");
        double[] features = results.get("features");
        System.out.printf("features / raw, %d clients: throughput %.0f %% (target ≥ 50 %%), p99 %.2f× (target ≤ 2×); features p50 %.2f ms, p99 %.2f ms%n",
                clients, 100 * features[0] / raw[0], features[2] / raw[2], features[1], features[2]);
    }
}
