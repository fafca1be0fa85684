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
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: {@code ./pipeline bench ingest}. Measures, in one run against the local stack, consumer
 * registrations per second with p50/p99 latency at 16 concurrent HTTP clients next to raw JDBC inserts of
 * rows of the same shape by 16 threads, and the outbox relay's events/s next to raw SqsTemplate batch sends.
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
            java.util.Arrays.stream(extra.split(",")).map(arg -> "--" + arg).forEach(appArgs::add);
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
                rawInserts(appRole, WARM_UP);
                Result warm = registrations(port, WARM_UP);
                List<Message<String>> relayed = pendingMessages(appRole);
                relay.drainAll();
                rawSqsSends(sqs, relayed);
                return String.format("%d registrations at %.0f/s", WARM_UP, warm.perSecond());
            });

            double rawInserts = rawInserts(appRole, registrations);
            Result api = registrations(port, registrations);
            long pending = relay.pending();
            List<Message<String>> relayed = pendingMessages(appRole);
            long start = System.nanoTime();
            while (relay.relayOnce() > 0) {
                // drain
            }
            double relayRate = pending / seconds(start);
            double rawSend = rawSqsSends(sqs, relayed);

            System.out.println();
            System.out.printf("%-44s %12s %10s%n", "measure", "per second", "ratio");
            System.out.printf("%-44s %12.0f %10s%n", "raw JDBC insert, 16 threads (same rows)", rawInserts, "");
            System.out.printf("%-44s %12.0f %9.0f%%%n", "registrations via API, 16 clients", api.perSecond(), 100 * api.perSecond() / rawInserts);
            System.out.printf("%-44s %12s%n", "  latency p50 / p99 (ms)", String.format("%.1f / %.1f", api.p50(), api.p99()));
            System.out.printf("%-44s %12.0f %10s%n", "raw SqsTemplate batch send, same messages", rawSend, "");
            System.out.printf("%-44s %12.0f %9.0f%%%n", "outbox relay (" + pending + " events)", relayRate, 100 * relayRate / rawSend);
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

    private static double rawInserts(DataSource dataSource, int rows) throws Exception {
        byte[] blob = new byte[60];
        new SecureRandom().nextBytes(blob);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        runConcurrently(() -> {
            try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO base_a.consumer (cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext)
                    VALUES (?, ?, ?, ?, ?)""")) {
                SecureRandom random = new SecureRandom();
                while (next.getAndIncrement() < rows) {
                    byte[] hmac = new byte[32];
                    random.nextBytes(hmac);
                    insert.setBytes(1, hmac);
                    for (int i = 2; i <= 5; i++) {
                        insert.setBytes(i, blob);
                    }
                    insert.executeUpdate();
                }
            }
            return null;
        });
        return rows / seconds(start);
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
        runConcurrently(() -> {
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
            return null;
        });
        double perSecond = count / seconds(start);
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
                SELECT envelope::text, event_id::text, event_type, subject, subject_version
                  FROM base_a.outbox WHERE sent_at IS NULL ORDER BY id""");
             java.sql.ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                messages.add(MessageBuilder.withPayload(rows.getString(1)).setHeader("eventId", rows.getString(2))
                        .setHeader("eventType", rows.getString(3)).setHeader("subject", rows.getString(4))
                        .setHeader("subjectVersion", rows.getLong(5)).build());
            }
        }
        return messages;
    }

    private static double rawSqsSends(SqsAsyncClient sqs, List<Message<String>> messages) {
        SqsTemplate template = SqsTemplate.builder().sqsAsyncClient(sqs).build();
        String queue = "bench-raw-send";
        sqs.createQueue(b -> b.queueName(queue)).join();
        // Same shape as the relay: batches of ten, eight in flight at any moment (a sliding window).
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(8);
        List<java.util.concurrent.CompletableFuture<?>> sends = new ArrayList<>();
        long start = System.nanoTime();
        for (int from = 0; from < messages.size(); from += 10) {
            window.acquireUninterruptibly();
            sends.add(template.sendManyAsync(queue, messages.subList(from, Math.min(from + 10, messages.size())))
                    .whenComplete((result, error) -> window.release()));
        }
        java.util.concurrent.CompletableFuture.allOf(sends.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        double rate = messages.size() / seconds(start);
        sqs.deleteQueue(b -> b.queueUrl(sqs.getQueueUrl(q -> q.queueName(queue)).join().queueUrl())).join();
        return rate;
    }

    private interface Work {
        Void run() throws Exception;
    }

    private static void runConcurrently(Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                futures.add(pool.submit(work::run));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
