package io.consumidor.ingest.bench;

import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.consumidor.ingest.IngestApplication;
import io.consumidor.ingest.outbox.OutboxRelay;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.JitWarmUp;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestStack;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: {@code ./pipeline bench ingest}. Measures, in one run against the local stack, consumer
 * registrations per second with p50/p99 latency at 16 concurrent HTTP clients next to raw JDBC inserts by 16
 * threads of the same rows (see {@link RawInserts}), and the outbox relay's events/s next to raw SqsTemplate
 * batch sends of the same messages.
 */
public final class IngestBenchmark {

    private static final int CLIENTS = 16;
    private static final int WARM_UP = 1000;

    public static void main(String[] args) throws Exception {
        int registrations = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        TestStack.env();
        // Queues of its own, deleted at the end: nothing consumes what the benchmark relays, and ElasticMQ keeps
        // every queued message in memory.
        String suffix = Long.toHexString(System.nanoTime());
        String profileQueue = "bench-profile-" + suffix;
        String activityQueue = "bench-activity-" + suffix;
        List<String> appArgs = new ArrayList<>(List.of(
                "--server.port=0", "--consumidor.ingest.outbox.poll-interval=1h", "--logging.level.root=WARN",
                "--consumidor.ingest.outbox.profile-queue=" + profileQueue,
                "--consumidor.ingest.outbox.activity-queue=" + activityQueue));
        // To compare settings in one command: -Dbench.app.args=name=value,name=value (ingest-app properties).
        String extra = System.getProperty("bench.app.args", "");
        if (!extra.isBlank()) {
            Arrays.stream(extra.split(",")).map(arg -> "--" + arg).forEach(appArgs::add);
        }
        ConfigurableApplicationContext app = new SpringApplication(IngestApplication.class).run(appArgs.toArray(String[]::new));
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            DataSource appRole = app.getBean(DataSource.class);
            OutboxRelay relay = app.getBean(OutboxRelay.class);
            System.out.printf("Ingest benchmark: %d registrations, %d clients (local stack on 2 cores)%n", registrations, CLIENTS);

            // Warm-up, not measured: rounds of every measured path until the JIT has settled (see JitWarmUp);
            // a long-running service is measured warm.
            SqsAsyncClient sqs = app.getBean(SqsAsyncClient.class);
            JitWarmUp.untilSettled("ingest", round -> {
                Result warm = registrations(port, WARM_UP);
                RawInserts.RegistrationRows rows = RawInserts.newestRegistration(appRole);
                RawInserts.consumerRows(appRole, rows, WARM_UP, CLIENTS);
                RawInserts.registrationRows(appRole, rows, WARM_UP, CLIENTS);
                List<Message<String>> relayed = pendingMessages(appRole);
                relay.drainAll();
                rawSqsSends(sqs, relayed);
                return String.format("%d registrations at %.0f/s", WARM_UP, warm.perSecond());
            });

            // The raw baselines copy the rows of a registration the app has just made (see RawInserts).
            RawInserts.RegistrationRows rows = RawInserts.newestRegistration(appRole);
            double rawConsumerRows = RawInserts.consumerRows(appRole, rows, registrations, CLIENTS);
            double rawRegistrationRows = RawInserts.registrationRows(appRole, rows, registrations, CLIENTS);
            Result api = registrations(port, registrations);
            long pending = relay.pending();
            List<Message<String>> relayed = pendingMessages(appRole);
            long start = System.nanoTime();
            while (relay.drainAll() > 0) {
                // until a drain finds nothing left
            }
            double relayRate = pending / Concurrently.seconds(start);
            double rawSend = rawSqsSends(sqs, relayed);

            System.out.println();
            System.out.printf("%-50s %12s %10s%n", "measure", "per second", "ratio");
            System.out.printf("%-50s %12.0f %10s%n", "raw JDBC, consumer row only, 16 threads", rawConsumerRows, "");
            System.out.printf("%-50s %12.0f %10s%n", "raw JDBC, all rows of a registration, 16 threads", rawRegistrationRows, "");
            System.out.printf("%-50s %12.0f %9.0f%% of all rows, %.0f%% of consumer row%n", "registrations via API, 16 clients",
                    api.perSecond(), 100 * api.perSecond() / rawRegistrationRows, 100 * api.perSecond() / rawConsumerRows);
            System.out.printf("%-50s %12s%n", "  latency p50 / p99 (ms)", String.format("%.1f / %.1f", api.p50(), api.p99()));
            System.out.printf("%-50s %12.0f %10s%n", "raw SqsTemplate batch send, same messages", rawSend, "");
            System.out.printf("%-50s %12.0f %9.0f%%%n", "outbox relay (" + pending + " events)", relayRate, 100 * relayRate / rawSend);
        } finally {
            SqsAsyncClient sqs = app.getBean(SqsAsyncClient.class);
            for (String queue : List.of(profileQueue, activityQueue)) {
                sqs.getQueueUrl(b -> b.queueName(queue)).thenCompose(url -> sqs.deleteQueue(b -> b.queueUrl(url.queueUrl())))
                        .exceptionally(missing -> null).join();
            }
            app.close();
        }
    }

    private record Result(double perSecond, double p50, double p99) {
    }

    private static Result registrations(int port, int count) throws Exception {
        LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());
        String token = issuer.token("bench", List.of("base-a:write"), Duration.ofMinutes(30), LocalIssuer.AUDIENCE);
        ExecutorService httpThreads = Executors.newFixedThreadPool(CLIENTS);
        // HTTP/1.1 keep-alive, as a load balancer in front of the app would use; the JDK client would otherwise
        // attempt an h2c upgrade on every new connection.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads).build();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        Concurrently.run(CLIENTS, () -> {
            while (next.getAndIncrement() < count) {
                String body = """
                        {"name":"Bench Person","address":{"street":"Rua Bench","number":"1","complement":null,"city":"Recife","state":"PE","postalCode":"50000000"},
                         "birthDate":"1980-01-01","debts":[{"creditorCnpj":"11222333000181","amount":100.00,"currency":"BRL","dueDate":"2026-01-10","status":"OPEN","contractReference":"CTR-B"}],
                         "assets":[{"kind":"VEHICLE","value":30000,"paidOff":true}],"incomeSources":[{"kind":"EMPLOYMENT","monthlyAmount":4000,"since":"2020-01-01"}]}""";
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/consumers/" + TestCpfs.random().digits()))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
                long t0 = System.nanoTime();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                latencies.add((System.nanoTime() - t0) / 1e6);
                if (response.statusCode() != 201) {
                    failures.incrementAndGet();
                }
            }
        });
        double perSecond = count / Concurrently.seconds(start);
        httpThreads.shutdown();
        if (failures.get() > 0) {
            System.out.println("warning: " + failures.get() + " registrations did not answer 201 (duplicate random CPFs)");
        }
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(perSecond, sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)));
    }

    /**
     * The messages the relay is about to send — the same bodies and message attributes — so that the raw
     * baseline sends exactly what the relay sends, minus the outbox.
     */
    private static List<Message<String>> pendingMessages(DataSource dataSource) throws Exception {
        List<Message<String>> messages = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement("""
                SELECT envelope::text, event_id::text, event_type, subject, source_version
                  FROM base_a.outbox WHERE sent_at IS NULL ORDER BY id""");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                messages.add(MessageBuilder.withPayload(rows.getString(1)).setHeader("eventId", rows.getString(2))
                        .setHeader("eventType", rows.getString(3)).setHeader("subject", rows.getString(4))
                        .setHeader(io.consumidor.core.wire.MessageAttributes.SOURCE_VERSION, rows.getLong(5)).build());
            }
        }
        return messages;
    }

    private static double rawSqsSends(SqsAsyncClient sqs, List<Message<String>> messages) {
        SqsTemplate template = SqsTemplate.builder().sqsAsyncClient(sqs).build();
        String queue = "bench-raw-send";
        sqs.createQueue(b -> b.queueName(queue)).join();
        // Same shape as the relay: batches of ten, eight in flight at any moment (a sliding window).
        Semaphore window = new Semaphore(8);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        long start = System.nanoTime();
        for (int from = 0; from < messages.size(); from += 10) {
            window.acquireUninterruptibly();
            sends.add(template.sendManyAsync(queue, messages.subList(from, Math.min(from + 10, messages.size())))
                    .whenComplete((result, error) -> window.release()));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        double rate = messages.size() / Concurrently.seconds(start);
        sqs.deleteQueue(b -> b.queueUrl(sqs.getQueueUrl(q -> q.queueName(queue)).join().queueUrl())).join();
        return rate;
    }
}
