package io.consumidor.ingest.bench;

import io.consumidor.aws.S3Connection;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.SealedRequest;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Not a test: {@code ./pipeline bench base-a-queue [seconds] [large-bytes] [warm-up seconds=30] [rounds=1]}. Request/reply round trips of Base A
 * over SQS at 16 concurrent requesters (each its own {@link BaseAQueueClient}, so its own reply queue), for an
 * inline answer (a consumer with one debt) and a claim-checked one (a consumer with enough debts that the sealed
 * answer is about {@code large-bytes}, 1 MiB by default), each next to {@link RawRoundTrips} of the same sizes in
 * the same run. With several rounds each ratio comes from its own round's back-to-back pair, and the medians are
 * printed: the local stack's speed drifts between minutes. The worker runs in this JVM on its own namespace; everything it creates is removed at the end.
 */
public final class BaseAQueueBenchmark {

    private static final int REQUESTERS = 16;
    /** More than the worker answers per second here (239/s inline at best): the tokens minted ahead of each round. */
    private static final int TOKENS_PER_SECOND = 300;
    /** Bytes of one debt in a sealed consumer answer, measured: 1,501 debts seal to 294,602 bytes. */
    private static final int BYTES_PER_DEBT = 196;
    /** Later rounds' warm-up: the JIT is done after the first; this only lets the queues and pools settle. */
    private static final int SETTLE_SECONDS = 5;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int largeBytes = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        // Long enough for the JIT to finish with the worker's and the client's code on 2 shared cores.
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        StackEnv env = TestStack.env();
        String suffix = Long.toHexString(System.nanoTime());
        Namespace namespace = Namespace.of("bench" + suffix.substring(Math.max(0, suffix.length() - 8)));
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--consumidor.ingest.outbox.poll-interval=1h",
                // A ~1 MiB answer is ~5,150 debts, past the production cap (2,000): the benchmark measures the size, not the cap.
                "--consumidor.ingest.max-debts-per-consumer=100000",
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
            TokenPool tokens = new TokenPool(issuer);
            String workerKey = Files.readString(app.getBean(IngestProperties.class).keys().devKeyDir().resolve(BaseAQueue.DEV_WORKER_PUBLIC_KEYSET_FILE));
            for (int i = 0; i < REQUESTERS; i++) {
                clients.add(BaseAQueueClient.start(sqs, s3, ClientSettings.of(namespace, "bench-" + i, workerKey, env.s3Bucket(), tokens::get)
                        .withTimeout(Duration.ofSeconds(30), 1)));
            }
            System.out.printf("Base A queue benchmark: %d requesters, %d round(s) of %d s phases (the first after %d s of warm-up each), claim-checked answers of ~%d KiB (local stack on 2 cores;"
                    + " ElasticMQ tops out near 500 messages/s here, production SQS does not)%n", REQUESTERS, rounds, seconds, warmUp, largeBytes / 1024);
            Seed seed = new Seed(port, issuer);
            String small = seed.consumer(0);
            String large = seed.consumer(Math.max(0, largeBytes / BYTES_PER_DEBT - 200));
            Answer smallAnswer = clients.get(0).consumer(small, "bench");
            Answer largeAnswer = clients.get(0).consumer(large, "bench");
            System.out.printf("answers: inline %d bytes sealed, claim-checked %d bytes sealed (%s)%n", smallAnswer.sealedBytes(),
                    largeAnswer.sealedBytes(), largeAnswer.claimChecked() ? "through S3" : "inline?!");

            // The raw round trips carry what the client's do: a sealed request with its token, reply route and public key.
            SealedRequest sealed = SealedRequest.of(QueueRequest.consumer(small, "bench"), tokens.get(), BaseAQueue.replyQueue(namespace, "bench-0"),
                    Sealing.publicKeyset(Sealing.generate()), java.time.Instant.now());
            String requestBody = Base64.getEncoder().encodeToString(Sealing.seal(Sealing.sealerTo(workerKey),
                    tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(sealed), "raw"));
            Map<String, MessageAttributeValue> attributes = Map.of(BaseAQueue.REQUEST_ID, text("raw-request-id-0000"));
            int inlineReply = (int) (4 * ((smallAnswer.sealedBytes() + 2) / 3) + 80);
            int workers = app.getEnvironment().getProperty("consumidor.ingest.queue.workers", Integer.class, 8);

            RawRoundTrips.Factory rawInline = name -> new RawRoundTrips(sqs, s3, env.s3Bucket(), suffix + name, REQUESTERS, workers,
                    requestBody, attributes, inlineReply, null);
            RawRoundTrips.Factory rawLarge = name -> new RawRoundTrips(sqs, s3, env.s3Bucket(), suffix + name, REQUESTERS, workers,
                    requestBody, attributes, 200, new byte[(int) largeAnswer.sealedBytes()]);
            String largeKiB = largeAnswer.sealedBytes() / 1024 + " KiB";
            List<Pair> inline = new ArrayList<>();
            List<Pair> claimChecked = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // Raw first in odd rounds, the worker first in even ones: a drift of the machine over the run
                // (the raw figures move 165-382/s between runs) weighs on both sides alike.
                boolean rawFirst = round % 2 == 1;
                int settle = round == 1 ? warmUp : SETTLE_SECONDS;
                System.out.printf("round %d of %d (minting this round's tokens first)%n", round, rounds);
                tokens.refill(TOKENS_PER_SECOND * (2 * seconds + 2 * settle));
                inline.add(Pair.run(rawFirst, settle, seconds, "raw SQS round trip, inline size", rawInline.create("i" + round),
                        "Base A over SQS, inline", r -> clients.get(r).consumer(small, "bench")));
                claimChecked.add(Pair.run(rawFirst, settle, seconds, "raw SQS + S3 round trip, " + largeKiB, rawLarge.create("l" + round),
                        "Base A over SQS, claim-checked " + largeKiB, r -> clients.get(r).consumer(large, "bench")));
            }

            System.out.println();
            System.out.printf("%-6s %-44s %14s %10s %10s %8s%n", "round", "measure", "round trips/s", "p50 ms", "p99 ms", "of raw");
            for (List<Pair> pairs : List.of(inline, claimChecked)) {
                for (int i = 0; i < pairs.size(); i++) {
                    pairs.get(i).print(String.valueOf(i + 1));
                }
            }
            if (rounds > 1) {
                System.out.printf("%nmedians over %d rounds (each ratio from its own round's pair):%n", rounds);
                Pair.printMedians("inline", inline);
                Pair.printMedians("claim-checked " + largeKiB, claimChecked);
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

    /** A raw phase and the worker's phase of the same size, run back to back in one round. */
    private record Pair(TimedPhase raw, TimedPhase worker) {

        static Pair run(boolean rawFirst, int warmUp, int seconds, String rawName, RawRoundTrips raw, String workerName,
                        IntConsumer worker) throws Exception {
            TimedPhase rawPhase = null;
            try (raw) {
                if (rawFirst) {
                    rawPhase = TimedPhase.run(rawName, REQUESTERS, warmUp, seconds, raw::roundTrip);
                }
                TimedPhase workerPhase = TimedPhase.run(workerName, REQUESTERS, warmUp, seconds, worker);
                if (!rawFirst) {
                    rawPhase = TimedPhase.run(rawName, REQUESTERS, warmUp, seconds, raw::roundTrip);
                }
                return new Pair(rawPhase, workerPhase);
            }
        }

        double ratio() {
            return raw.perSecond() == 0 ? 0 : worker.perSecond() / raw.perSecond();
        }

        void print(String round) {
            System.out.printf("%-6s %-44s %14.0f %10.1f %10.1f %8s%n", round, raw.name(), raw.perSecond(), raw.p50(), raw.p99(), "");
            System.out.printf("%-6s %-44s %14.0f %10.1f %10.1f %7.0f%%%n", round, worker.name(), worker.perSecond(), worker.p50(), worker.p99(),
                    100 * ratio());
        }

        static void printMedians(String label, List<Pair> pairs) {
            System.out.printf("  %-30s raw %5.0f/s p99 %6.1f ms | worker %5.0f/s p50 %6.1f ms p99 %6.1f ms | of raw %3.0f%% (rounds: %s)%n", label,
                    TimedPhase.median(pairs.stream().map(p -> p.raw().perSecond()).toList()),
                    TimedPhase.median(pairs.stream().map(p -> p.raw().p99()).toList()),
                    TimedPhase.median(pairs.stream().map(p -> p.worker().perSecond()).toList()),
                    TimedPhase.median(pairs.stream().map(p -> p.worker().p50()).toList()),
                    TimedPhase.median(pairs.stream().map(p -> p.worker().p99()).toList()),
                    100 * TimedPhase.median(pairs.stream().map(Pair::ratio).toList()),
                    String.join(" ", pairs.stream().map(p -> String.format("%.0f%%", 100 * p.ratio())).toList()));
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
