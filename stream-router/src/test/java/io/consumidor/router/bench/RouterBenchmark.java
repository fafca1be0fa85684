package io.consumidor.router.bench;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.ConsumerProfile;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.DebtSummaryChanged;
import io.consumidor.core.payload.FinancialMovement;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.core.subject.Subject;
import io.consumidor.router.RouterHarness;
import io.consumidor.testsupport.JitWarmUp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.bson.Document;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;

/**
 * Not a test: {@code ./pipeline bench router [events]}. In one run against the local stack, the router's
 * sustained end-to-end rate (messages preloaded on both queues → written to MongoDB and Elasticsearch,
 * acknowledged) next to the raw rates of each path for the same messages and documents — SQS
 * receive-and-delete with the router's own shape, Elasticsearch bulk, MongoDB unordered bulkWrite — and a
 * naive listener that receives, writes and deletes one message at a time.
 */
public final class RouterBenchmark {

    /** Threads loading the queues (not measured). */
    private static final int SENDERS = 8;
    private static final int RAW_BULK = 1000;
    private static final int WARM_UP = 10_000;
    private static final EventCodec CODEC = new EventCodec();

    private final RouterHarness harness = new RouterHarness();
    private final String keyId = "b" + harness.suffix;
    private final List<EventEnvelope> profileEvents = new ArrayList<>();
    private final List<EventEnvelope> activityEvents = new ArrayList<>();
    private int subjects;
    private Map<String, Long> sqsCalls = Map.of();
    /** The router's batches in flight (its binding's concurrency × two queues): the raw SQS path gets as many pollers. */
    private int pollers;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        RouterBenchmark bench = new RouterBenchmark();
        int status = 0;
        try {
            bench.run(events);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        } finally {
            bench.harness.close();
        }
        // The SQS and Elasticsearch clients keep non-daemon threads; the figures are printed, so leave.
        System.exit(status);
    }

    private void run(int events) throws Exception {
        generate(events);
        System.out.printf("Router benchmark: %d mixed events (%d profile feed → MongoDB, %d activity feed → Elasticsearch), "
                + "%d subjects (local stack on 2 cores)%n", events, profileEvents.size(), activityEvents.size(), subjects);

        List<String> routerArgs = new ArrayList<>(List.of(
                "spring.cloud.stream.bindings.route-in-0.consumer.auto-startup=false",
                "management.metrics.distribution.percentiles.router.bulk=0.5,0.99",
                // Percentiles over the whole run, not the default sliding two minutes.
                "management.metrics.distribution.expiry.router.bulk=1h",
                "management.metrics.distribution.buffer-length.router.bulk=1",
                "logging.level.root=WARN"));
        // To compare settings in one command: -Dbench.router.args=name=value,name=value (router properties).
        String extra = System.getProperty("bench.router.args", "");
        if (!extra.isBlank()) {
            routerArgs.addAll(List.of(extra.split(",")));
        }
        ConfigurableApplicationContext router = harness.startRouter(new Class<?>[] {SqsRequestCounter.class},
                routerArgs.toArray(String[]::new));
        pollers = 2 * router.getEnvironment().getProperty("spring.cloud.stream.bindings.route-in-0.consumer.concurrency", Integer.class, 1);
        double routerRate;
        Map<String, String> latencies;
        try {
            BindingsLifecycleController bindings = router.getBean(BindingsLifecycleController.class);
            warmUp(bindings);
            preload(profileEvents, activityEvents);
            System.out.println("router: consuming the preloaded queues");
            long start = System.nanoTime();
            SqsRequestCounter.reset();
            bindings.changeState("route-in-0", BindingsLifecycleController.State.STARTED);
            awaitDrained(start, events);
            routerRate = events / seconds(start);
            sqsCalls = SqsRequestCounter.snapshot();
            latencies = bulkLatencies(router.getBean(MeterRegistry.class));
            verifyCounts();
        } finally {
            router.close();
        }

        double rawSqs = rawSqs(events);
        double rawElasticsearch = rawElasticsearch();
        double rawMongo = rawMongo();
        naive(1000, false); // the same courtesy as the router: its code paths compiled before it is measured
        double naive = naive(Math.min(events, 2000), true);

        double slowest = Math.min(rawSqs, Math.min(rawElasticsearch, rawMongo));
        System.out.println();
        System.out.printf("%-58s %12s %12s%n", "measure", "per second", "router is");
        System.out.printf("%-58s %12.0f %11.0f%%%n", "raw SQS receive + batch delete, " + pollers + " pollers × 10", rawSqs, 100 * routerRate / rawSqs);
        System.out.printf("%-58s %12.0f %11.0f%%%n", "raw Elasticsearch bulk (" + activityEvents.size() + " events → log + latest)",
                rawElasticsearch, 100 * routerRate / rawElasticsearch);
        System.out.printf("%-58s %12.0f %11.0f%%%n", "raw MongoDB bulkWrite upserts (" + profileEvents.size() + " events)",
                rawMongo, 100 * routerRate / rawMongo);
        System.out.printf("%-58s %12.0f %11.1f×%n", "naive listener, one message at a time", naive, routerRate / naive);
        System.out.printf("%-58s %12.0f %12s%n", "router, end to end (" + events + " events, both stores)", routerRate, "");
        long requests = sqsCalls.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%-58s %12.2f   %s%n", "  router's SQS requests per message", (double) requests / events, sqsCalls);
        latencies.forEach((destination, figures) -> System.out.printf("%-58s %25s%n",
                "  write latency p50 / p99 ms (warm-up included): " + destination, figures));
        System.out.printf("%nrouter vs slowest raw path: %.0f%% (target ≥ 70%%); vs naive: %.1f× (target ≥ 10×)%n",
                100 * routerRate / slowest, routerRate / naive);
    }

    /**
     * Runs the router over separate rounds of events of the same mix (other subjects) until the JIT compiler
     * has settled ({@link JitWarmUp}), then stops its binding again: "sustained" means steady state.
     */
    private void warmUp(BindingsLifecycleController bindings) throws Exception {
        JitWarmUp.untilSettled("router", round -> {
            List<EventEnvelope> profile = new ArrayList<>();
            List<EventEnvelope> activity = new ArrayList<>();
            generate(WARM_UP, "w" + round + harness.suffix, profile, activity);
            preload(profile, activity);
            long start = System.nanoTime();
            bindings.changeState("route-in-0", BindingsLifecycleController.State.STARTED);
            awaitDrained(start, WARM_UP);
            bindings.changeState("route-in-0", BindingsLifecycleController.State.STOPPED);
            return String.format("%d events at %.0f msg/s", WARM_UP, WARM_UP / seconds(start));
        });
    }

    /** Events mixed as the two feeds carry them: 30 % profile feed, 70 % activity of three kinds. */
    private void generate(int events) {
        subjects = Math.max(1, events / 10);
        generate(events, keyId, profileEvents, activityEvents);
    }

    private void generate(int events, String keyId, List<EventEnvelope> profileEvents, List<EventEnvelope> activityEvents) {
        int subjects = Math.max(1, events / 10);
        List<Subject> all = new ArrayList<>(subjects);
        for (int i = 0; i < subjects; i++) {
            byte[] bytes = new byte[32];
            ThreadLocalRandom.current().nextBytes(bytes);
            all.add(new Subject(keyId + "_" + HexFormat.of().formatHex(bytes)));
        }
        Instant now = Instant.now();
        for (int i = 0; i < events; i++) {
            int slot = i % 10;
            Instant at = now.minusMillis(events - i);
            if (slot < 3) {
                int k = profileEvents.size();
                Subject subject = all.get(k % subjects);
                // Each subject's first event registers it (version 1); later ones change its debts (2, 3, ...).
                long version = 1 + k / subjects;
                profileEvents.add(k < subjects
                        ? harness.baseA(EventType.CONSUMER_PROFILE, subject, at, version, new ConsumerProfile(1950 + k % 50, "SP",
                                List.of(new Asset(Asset.AssetKind.VEHICLE, new BigDecimal("30000"), true)),
                                List.of(new IncomeSource(IncomeSource.IncomeKind.EMPLOYMENT, new BigDecimal("4000"), LocalDate.of(2020, 1, 1))),
                                new DebtSummary(1, new BigDecimal("100.00"), 0, BigDecimal.ZERO, LocalDate.of(2026, 1, 10))))
                        : harness.baseA(EventType.CONSUMER_DEBT_SUMMARY, subject, at, version, new DebtSummaryChanged(
                                new DebtSummary(k % 7, new BigDecimal("300.00"), 1, new BigDecimal("50.00"), LocalDate.of(2025, 11, 1)))));
            } else {
                Subject subject = all.get(activityEvents.size() % subjects);
                activityEvents.add(slot < 6
                        ? harness.event(EventType.CARD_PURCHASE, subject, at, new CardPurchase(new BigDecimal("99.90"), "BRL", "5411", null,
                                CardPurchase.Channel.ONLINE))
                        : slot < 8
                        ? harness.event(EventType.FINANCIAL_MOVEMENT, subject, at, new FinancialMovement(new BigDecimal("1000"), "BRL",
                                FinancialMovement.Direction.IN, FinancialMovement.Kind.PIX))
                        : harness.event(EventType.BUREAU_QUERY, subject, at, new BureauQuery("consumidor", "credit", "bank-1", null)));
            }
        }
    }

    private void preload(List<EventEnvelope> profileEvents, List<EventEnvelope> activityEvents) throws Exception {
        long start = System.nanoTime();
        send(harness.profileQueue, profileEvents);
        send(harness.activityQueue, activityEvents);
        System.out.printf("preloaded %d messages in %.1f s (not measured)%n",
                profileEvents.size() + activityEvents.size(), seconds(start));
    }

    /** Sends in batches of ten from {@value #SENDERS} threads: loading, not a measured path. */
    private void send(String queue, List<EventEnvelope> events) throws Exception {
        List<String> bodies = events.stream().map(harness::json).toList();
        int slice = (bodies.size() + SENDERS - 1) / SENDERS;
        parallel(SENDERS, t -> () -> {
            int from = Math.min(bodies.size(), t * slice);
            harness.queues.send(queue, bodies.subList(from, Math.min(bodies.size(), from + slice)));
            return null;
        });
    }

    private void awaitDrained(long start, int events) {
        long[] lastReport = {System.nanoTime()};
        await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
            int left = Math.max(0, harness.queues.depth(harness.profileQueue)) + Math.max(0, harness.queues.depth(harness.activityQueue));
            if (left > 0 && System.nanoTime() - lastReport[0] > 10_000_000_000L) {
                int done = events - left;
                double rate = done / seconds(start);
                System.out.printf("  %d / %d done, %.0f msg/s, ETA %.0f s%n", done, events, rate, rate > 0 ? left / rate : Double.NaN);
                lastReport[0] = System.nanoTime();
            }
            return left == 0;
        });
    }

    private void verifyCounts() throws IOException {
        long profiles = harness.mongo.getCollection(BaseBCollections.PROFILES).countDocuments(Filters.regex("_id", "^" + keyId + "_"));
        long history = harness.mongo.getCollection(BaseBCollections.PROFILE_HISTORY).countDocuments(Filters.regex("_id", "^" + keyId + "_"));
        long expectedHistory = profileEvents.stream().mapToLong(e -> e.type().equals(EventType.CONSUMER_PROFILE.wireName()) ? 2 : 1).sum();
        harness.elasticsearch.indices().refresh(r -> r.index(harness.indices.events()));
        long indexed = harness.elasticsearch.count(c -> c.index(harness.indices.events())
                .query(q -> q.prefix(p -> p.field(EventFields.SUBJECT).value(keyId + "_")))).count();
        int dead = Math.max(0, harness.queues.depth(harness.profileQueue + "-dlq")) + Math.max(0, harness.queues.depth(harness.activityQueue + "-dlq"));
        System.out.printf("router wrote %d profiles (expected %d) with %d history entries (expected %d), %d events (expected %d); %d dead letters%n",
                profiles, Math.min(subjects, profileEvents.size()), history, expectedHistory, indexed, activityEvents.size(), dead);
        if (profiles != Math.min(subjects, profileEvents.size()) || history != expectedHistory || indexed != activityEvents.size() || dead != 0) {
            throw new IllegalStateException("the router's output does not match its input; the figures would mean nothing");
        }
    }

    private static Map<String, String> bulkLatencies(MeterRegistry meters) {
        Map<String, String> figures = new LinkedHashMap<>();
        for (Timer timer : meters.find("router.bulk").timers()) {
            ValueAtPercentile[] values = timer.takeSnapshot().percentileValues();
            StringBuilder text = new StringBuilder();
            for (ValueAtPercentile value : values) {
                text.append(text.isEmpty() ? "" : " / ").append(String.format("%.1f", value.value(java.util.concurrent.TimeUnit.MILLISECONDS)));
            }
            figures.put(timer.getId().getTag("destination") + " (" + timer.count() + " bulks)", text.toString());
        }
        return figures;
    }

    /** The same messages through SQS alone: receive ten, delete them in one batch call, as the router does. */
    private double rawSqs(int events) throws Exception {
        String queue = "bench-raw-" + harness.suffix;
        harness.queues.client().createQueue(b -> b.queueName(queue));
        List<EventEnvelope> all = new ArrayList<>(profileEvents);
        all.addAll(activityEvents);
        send(queue, all);
        System.out.println("raw SQS: receiving and deleting");
        SqsClient sqs = harness.queues.client();
        String url = harness.queues.url(queue);
        AtomicInteger received = new AtomicInteger();
        long start = System.nanoTime();
        parallel(pollers, t -> () -> {
            while (received.get() < events) {
                List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                if (got.isEmpty()) {
                    continue;
                }
                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < got.size(); i++) {
                    entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(got.get(i).receiptHandle()).build());
                }
                sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
                received.addAndGet(got.size());
            }
            return null;
        });
        double rate = received.get() / seconds(start);
        sqs.deleteQueue(b -> b.queueUrl(url));
        return rate;
    }

    /** The router's Elasticsearch documents for the activity events (log + latest), in bulks of 1000 operations, two in flight. */
    private double rawElasticsearch() throws Exception {
        String index = harness.namespace.apply("events-benchraw");
        System.out.println("raw Elasticsearch: bulk indexing into " + index + " (same template, same documents)");
        List<BulkOperation> operations = new ArrayList<>();
        for (EventEnvelope event : activityEvents) {
            Map<String, Object> document = document(event);
            operations.add(BulkOperation.of(b -> b.index(i -> i.index(index).id(event.eventId().toString()).document(document))));
            if (!event.type().equals(EventType.FINANCIAL_MOVEMENT.wireName())) {
                operations.add(BulkOperation.of(b -> b.index(i -> i.index(index).id(BaseCIndices.latestId(event.subject().value(), event.type()))
                        .version(event.sourceVersion()).versionType(VersionType.External).document(document))));
            }
        }
        int chunks = (operations.size() + RAW_BULK - 1) / RAW_BULK;
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        parallel(2, t -> () -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                List<BulkOperation> chunk = operations.subList(c * RAW_BULK, Math.min(operations.size(), (c + 1) * RAW_BULK));
                BulkResponse response = harness.elasticsearch.bulk(b -> b.operations(chunk));
                if (response.errors() && response.items().stream().anyMatch(i -> i.error() != null && i.status() != 409)) {
                    throw new IllegalStateException("raw bulk failed: " + response.items().stream().filter(i -> i.error() != null).findFirst());
                }
            }
            return null;
        });
        double rate = activityEvents.size() / seconds(start);
        harness.elasticsearch.indices().delete(d -> d.index(index));
        return rate;
    }

    private static Map<String, Object> document(EventEnvelope event) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(EventFields.EVENT_ID, event.eventId().toString());
        document.put(EventFields.TYPE, event.type());
        document.put(EventFields.SCHEMA_VERSION, event.schemaVersion());
        document.put(EventFields.SUBJECT, event.subject().value());
        document.put(EventFields.OCCURRED_AT, event.occurredAt().toString());
        document.put(EventFields.RECORDED_AT, Instant.now().toString());
        document.put(EventFields.PAYLOAD, CODEC.mapper().convertValue(event.payload(), Map.class));
        return document;
    }

    /** The profile feed as plain upserts of the same groups, unordered bulkWrite of 1000, two in flight. */
    private double rawMongo() throws Exception {
        System.out.println("raw MongoDB: unordered bulkWrite upserts");
        MongoCollection<Document> collection = harness.mongo.getCollection("raw_profiles");
        List<WriteModel<Document>> models = profileEvents.stream().<WriteModel<Document>>map(event -> {
            String group = event.type().equals(EventType.CONSUMER_PROFILE.wireName()) ? "profile" : "debtSummary";
            Document content = Document.parse(event.payload().toString()).append("occurredAt", Date.from(event.occurredAt()))
                    .append("eventId", event.eventId().toString());
            return new UpdateOneModel<>(Filters.eq("_id", event.subject().value()),
                    Updates.combine(Updates.set(group, content), Updates.set("updatedAt", new Date())), new UpdateOptions().upsert(true));
        }).toList();
        int chunks = (models.size() + RAW_BULK - 1) / RAW_BULK;
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        parallel(2, t -> () -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                collection.bulkWrite(models.subList(c * RAW_BULK, Math.min(models.size(), (c + 1) * RAW_BULK)),
                        new BulkWriteOptions().ordered(false));
            }
            return null;
        });
        return profileEvents.size() / seconds(start);
    }

    /**
     * What the router replaces: one thread receiving one message, writing it with single-document calls to
     * each destination it needs, deleting it, and so on. Measured on a prefix of the same mix.
     */
    private double naive(int count, boolean measured) throws Exception {
        String queue = "bench-naive-" + (measured ? "" : "warm-") + harness.suffix;
        SqsClient sqs = harness.queues.client();
        sqs.createQueue(b -> b.queueName(queue));
        List<EventEnvelope> mix = new ArrayList<>();
        for (int i = 0; mix.size() < count; i++) {
            mix.add(i % 10 < 3 ? profileEvents.get((i * 3 / 10) % profileEvents.size()) : activityEvents.get((i * 7 / 10) % activityEvents.size()));
        }
        send(queue, mix);
        String url = harness.queues.url(queue);
        String index = harness.namespace.apply("events-benchnaive");
        MongoCollection<Document> collection = harness.mongo.getCollection("naive_profiles");
        System.out.printf("naive listener: %d messages one at a time%s%n", count, measured ? "" : " (warm-up, not measured)");
        int done = 0;
        long start = System.nanoTime();
        while (done < count) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(1)).messages();
            for (Message message : got) {
                EventEnvelope event = CODEC.read(message.body());
                if (event.type().startsWith("consumer.")) {
                    String group = event.type().equals(EventType.CONSUMER_PROFILE.wireName()) ? "profile" : "debtSummary";
                    collection.updateOne(Filters.eq("_id", event.subject().value()),
                            Updates.combine(Updates.set(group, Document.parse(event.payload().toString())), Updates.set("updatedAt", new Date())),
                            new UpdateOptions().upsert(true));
                } else {
                    Map<String, Object> document = document(event);
                    harness.elasticsearch.index(i -> i.index(index).id(event.eventId().toString()).document(document));
                    if (!event.type().equals(EventType.FINANCIAL_MOVEMENT.wireName())) {
                        harness.elasticsearch.index(i -> i.index(index).id(BaseCIndices.latestId(event.subject().value(), event.type()))
                                .document(document));
                    }
                }
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                done++;
            }
        }
        double rate = done / seconds(start);
        sqs.deleteQueue(b -> b.queueUrl(url));
        harness.elasticsearch.indices().delete(d -> d.index(index));
        return rate;
    }

    private static void parallel(int threads, IntFunction<java.util.concurrent.Callable<Void>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(task.apply(t)));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
