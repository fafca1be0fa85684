package io.consumidor.ingest.bench;

import io.consumidor.aws.S3Connection;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.Sealing;
import io.consumidor.baseaqueue.client.Answer;
import io.consumidor.baseaqueue.client.BaseAQueueClient;
import io.consumidor.baseaqueue.client.ClientSettings;
import io.consumidor.core.wire.Namespace;
import io.consumidor.ingest.IngestApplication;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestStack;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Not a test: {@code ./pipeline bench base-a-queue [seconds] [large-bytes] [warm-up seconds=30]}. Request/reply round trips of Base A
 * over SQS at 16 concurrent requesters (each its own {@link BaseAQueueClient}, so its own reply queue), for an
 * inline answer (a consumer with one debt) and a claim-checked one (a consumer with enough debts that the sealed
 * answer is about {@code large-bytes}, 1 MiB by default), each next to {@link RawRoundTrips} of the same sizes in
 * the same run. The worker runs in this JVM on its own namespace; everything it creates is removed at the end.
 */
public final class BaseAQueueBenchmark {

    private static final int REQUESTERS = 16;
    /** Bytes of one debt in a sealed consumer answer, measured: 1,501 debts seal to 294,602 bytes. */
    private static final int BYTES_PER_DEBT = 196;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int largeBytes = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        // Long enough for the JIT to finish with the worker's and the client's code on 2 shared cores.
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        StackEnv env = TestStack.env();
        String suffix = Long.toHexString(System.nanoTime());
        Namespace namespace = Namespace.of("bench" + suffix.substring(Math.max(0, suffix.length() - 8)));
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--consumidor.ingest.outbox.poll-interval=1h",
                "--consumidor.ingest.outbox.profile-queue=bench-profile-" + suffix,
                "--consumidor.ingest.outbox.activity-queue=bench-activity-" + suffix,
                "--consumidor.ingest.queue.namespace=" + namespace.value()));
        // To compare settings in one command: -Dbench.app.args=name=value,name=value (ingest-app properties).
        String extra = System.getProperty("bench.app.args", "");
        if (!extra.isBlank()) {
            Arrays.stream(extra.split(",")).map(arg -> "--" + arg).forEach(appArgs::add);
        }
        ConfigurableApplicationContext app = new SpringApplication(IngestApplication.class).run(appArgs.toArray(String[]::new));
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(env.awsAccessKeyId(), env.awsSecretAccessKey()));
        // Enough pooled connections for 16 requesters and their receivers on one client each.
        SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(env.sqsEndpoint())).region(Region.of(env.awsRegion()))
                .credentialsProvider(credentials).httpClientBuilder(Apache5HttpClient.builder().maxConnections(128)).build();
        S3Client s3 = new S3Connection(env.s3Endpoint(), env.awsRegion(), true, env.awsAccessKeyId(), env.awsSecretAccessKey(), null).builder()
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(64)).build();
        List<BaseAQueueClient> clients = new ArrayList<>();
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            LocalIssuer issuer = new LocalIssuer(env.settings());
            String token = issuer.token("bench", List.of("base-a:read"), Duration.ofMinutes(60), LocalIssuer.AUDIENCE);
            String workerKey = Files.readString(app.getBean(IngestProperties.class).keys().devKeyDir().resolve(BaseAQueue.DEV_WORKER_PUBLIC_KEYSET_FILE));
            for (int i = 0; i < REQUESTERS; i++) {
                clients.add(BaseAQueueClient.start(sqs, s3, ClientSettings.of(namespace, "bench-" + i, workerKey, () -> token)
                        .withTimeout(Duration.ofSeconds(30), 1)));
            }
            System.out.printf("Base A queue benchmark: %d requesters, %d s per phase after %d s of warm-up, claim-checked answers of ~%d KiB (local stack on 2 cores;"
                    + " ElasticMQ tops out near 500 messages/s here, production SQS does not)%n", REQUESTERS, seconds, warmUp, largeBytes / 1024);
            Seed seed = new Seed(port, issuer);
            String small = seed.consumer(0);
            String large = seed.consumer(Math.max(0, largeBytes / BYTES_PER_DEBT - 200));
            Answer smallAnswer = clients.get(0).consumer(small, "bench");
            Answer largeAnswer = clients.get(0).consumer(large, "bench");
            System.out.printf("answers: inline %d bytes sealed, claim-checked %d bytes sealed (%s)%n", smallAnswer.sealedBytes(),
                    largeAnswer.sealedBytes(), largeAnswer.claimChecked() ? "through S3" : "inline?!");

            // The raw round trips carry what the client's do: a sealed request body, a token and a public key.
            String requestBody = Base64.getEncoder().encodeToString(Sealing.seal(Sealing.sealerTo(workerKey),
                    ("{\"kind\":\"consumer\",\"cpf\":\"" + small + "\",\"purpose\":\"bench\"}").getBytes(), "raw"));
            Map<String, MessageAttributeValue> attributes = Map.of(
                    BaseAQueue.AUTHORIZATION, text(token), BaseAQueue.RECIPIENT_KEY, text(Sealing.publicKeyset(Sealing.generate())),
                    BaseAQueue.REQUEST_ID, text("raw-request-id-0000"));
            int inlineReply = (int) (4 * ((smallAnswer.sealedBytes() + 2) / 3) + 80);
            int workers = app.getEnvironment().getProperty("consumidor.ingest.queue.workers", Integer.class, 8);

            List<String[]> rows = new ArrayList<>();
            Phase rawInline;
            try (RawRoundTrips raw = new RawRoundTrips(sqs, s3, env.s3Bucket(), suffix + "i", REQUESTERS, workers, requestBody, attributes,
                    inlineReply, null)) {
                Phase.run("raw SQS round trip, inline size (warm-up)", warmUp, raw::roundTrip);
                rawInline = Phase.run("raw SQS round trip, inline size", seconds, raw::roundTrip);
            }
            Phase.run("worker, inline (warm-up)", warmUp, r -> clients.get(r).consumer(small, "bench"));
            Phase inline = Phase.run("Base A over SQS, inline", seconds, r -> clients.get(r).consumer(small, "bench"));
            Phase rawLarge;
            try (RawRoundTrips raw = new RawRoundTrips(sqs, s3, env.s3Bucket(), suffix + "l", REQUESTERS, workers, requestBody, attributes,
                    200, new byte[(int) largeAnswer.sealedBytes()])) {
                Phase.run("raw, claim-checked (warm-up)", warmUp, raw::roundTrip);
                rawLarge = Phase.run("raw SQS + S3 round trip, " + largeAnswer.sealedBytes() / 1024 + " KiB", seconds, raw::roundTrip);
            }
            Phase.run("worker, claim-checked (warm-up)", warmUp, r -> clients.get(r).consumer(large, "bench"));
            Phase claimChecked = Phase.run("Base A over SQS, claim-checked " + largeAnswer.sealedBytes() / 1024 + " KiB", seconds,
                    r -> clients.get(r).consumer(large, "bench"));

            System.out.println();
            System.out.printf("%-48s %14s %10s %10s %8s%n", "measure", "round trips/s", "p50 ms", "p99 ms", "of raw");
            for (Phase[] pair : new Phase[][]{{rawInline, null}, {inline, rawInline}, {rawLarge, null}, {claimChecked, rawLarge}}) {
                Phase p = pair[0];
                System.out.printf("%-48s %14.0f %10.1f %10.1f %8s%n", p.name(), p.perSecond(), p.p50(), p.p99(),
                        pair[1] == null ? "" : String.format("%.0f%%", 100 * p.perSecond() / pair[1].perSecond()));
            }
        } finally {
            clients.forEach(BaseAQueueClient::close);
            app.close(); // the worker first: it would keep polling a queue deleted under it
            for (String queue : List.of("bench-profile-" + suffix, "bench-activity-" + suffix, BaseAQueue.requests(namespace),
                    io.consumidor.core.wire.Queues.deadLetters(BaseAQueue.requests(namespace)))) {
                try {
                    sqs.deleteQueue(b -> b.queueUrl(sqs.getQueueUrl(q -> q.queueName(queue)).queueUrl()));
                } catch (RuntimeException missing) {
                    // never created
                }
            }
            sqs.close();
            s3.close();
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** One timed phase: every requester loops for the duration; round trips per second and latency percentiles. */
    private record Phase(String name, double perSecond, double p50, double p99) {

        static Phase run(String name, int seconds, IntConsumer roundTrip) throws Exception {
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger nextRequester = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long start = System.nanoTime();
            Concurrently.run(REQUESTERS, () -> {
                int requester = nextRequester.getAndIncrement();
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        roundTrip.accept(requester);
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
            });
            double elapsed = Concurrently.seconds(start);
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            if (errors.get() > 0) {
                System.out.printf("warning: %s: %d round trips failed%n", name, errors.get());
            }
            Phase phase = sorted.isEmpty() ? new Phase(name, 0, 0, 0)
                    : new Phase(name, sorted.size() / elapsed, sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)));
            System.out.printf("  %-46s %6.0f/s  p50 %.1f ms  p99 %.1f ms%n", name, phase.perSecond(), phase.p50(), phase.p99());
            return phase;
        }
    }

    /** Consumers registered through the REST API, as any other. */
    private static final class Seed {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final int port;
        private final String token;

        Seed(int port, LocalIssuer issuer) {
            this.port = port;
            this.token = issuer.token("bench-seed", List.of("base-a:write"), Duration.ofMinutes(60), LocalIssuer.AUDIENCE);
        }

        /** A consumer with one debt from registration and {@code debts} more; returns its CPF. */
        String consumer(int debts) throws Exception {
            String cpf = TestCpfs.random().digits();
            send("PUT", "/consumers/" + cpf, """
                    {"name":"Bench Person","address":{"street":"Rua Bench","number":"1","complement":null,"city":"Recife","state":"PE","postalCode":"50000000"},
                     "birthDate":"1980-01-01","debts":[{"creditorCnpj":"11222333000181","amount":100.00,"currency":"BRL","dueDate":"2026-01-10","status":"OPEN","contractReference":"CTR-B"}],
                     "assets":[],"incomeSources":[]}""", 201);
            if (debts > 0) {
                System.out.printf("seeding a consumer with %d debts through the API...%n", debts + 1);
            }
            AtomicInteger next = new AtomicInteger();
            Concurrently.run(4, () -> {
                for (int i = next.getAndIncrement(); i < debts; i = next.getAndIncrement()) {
                    send("POST", "/consumers/" + cpf + "/debts", """
                            {"creditorCnpj":"11222333000181","amount":"%d.50","currency":"BRL","dueDate":"2027-01-10","status":"OPEN",
                             "contractReference":"BENCH-CONTRACT-%06d"}""".formatted(100 + i % 900, i), 201);
                }
            });
            return cpf;
        }

        private void send(String method, String path, String body, int expected) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path.replaceAll("\\d{11}", "<cpf>") + " answered " + response.statusCode()
                        + ": " + response.body());
            }
        }
    }
}
