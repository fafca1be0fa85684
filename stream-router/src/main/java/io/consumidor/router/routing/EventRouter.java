package io.consumidor.router.routing;

import io.consumidor.binder.sqs.BatchItemFailures;
import io.consumidor.binder.sqs.BatchItemFailures.Failure;
import io.consumidor.binder.sqs.SqsHeaders;
import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.MalformedEventException;
import io.consumidor.core.payload.Payloads;
import io.consumidor.router.routes.RouteDefinitions;
import io.consumidor.router.routes.RouteDefinitions.Destination;
import io.consumidor.router.routes.RouteTable;
import io.consumidor.router.routes.RouteTable.Target;
import io.consumidor.router.routing.DestinationWriter.WriteFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The router: takes a batch from the binder, parses each envelope, looks up its destinations in the route
 * table, writes every destination's share of the batch in bulk — destinations in parallel, each under its
 * own time limit — and reports per-message failures back to the binder.
 *
 * <p>Isolation is per-destination acknowledgement: a message is deleted only when every destination it is
 * routed to has written it. When one destination fails or is slow, the others' writes of the same batch
 * stand (they are durable and idempotent), and only the affected messages come back later — so MongoDB keeps
 * receiving data while Elasticsearch is down, and a redelivered message rewrites MongoDB harmlessly. The
 * alternative, a queue per destination fed by a fan-out stage, triples the SQS traffic per event.
 */
public final class EventRouter implements Consumer<Message<List<String>>> {

    private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

    private final RouteTable routes;
    private final int maxSchemaVersion;
    private final Map<io.consumidor.router.routes.Sink, DestinationWriter> writers = new EnumMap<>(io.consumidor.router.routes.Sink.class);
    private final ExecutorService executor;
    private final Duration writeTimeout;
    private final MeterRegistry meters;
    private final EventCodec codec = new EventCodec();
    private final QueueFeeds feeds;

    public EventRouter(RouteDefinitions definitions, RouteTable routes, List<DestinationWriter> writers, ExecutorService executor,
                       Duration writeTimeout, MeterRegistry meters, QueueFeeds feeds) {
        this.feeds = feeds;
        this.routes = routes;
        this.maxSchemaVersion = definitions.maxSchemaVersion();
        writers.forEach(w -> this.writers.put(w.sink(), w));
        this.executor = executor;
        this.writeTimeout = writeTimeout;
        this.meters = meters;
    }

    @Override
    public void accept(Message<List<String>> batch) {
        List<String> bodies = batch.getPayload();
        Map<Integer, Failure> failures = new LinkedHashMap<>();
        Map<Destination, List<RoutedEvent>> byDestination = new LinkedHashMap<>();
        Map<Destination, String> routeOf = new LinkedHashMap<>();
        String queue = (String) batch.getHeaders().get(SqsHeaders.QUEUE);
        for (int i = 0; i < bodies.size(); i++) {
            meters.counter("router.received").increment();
            EventEnvelope envelope;
            try {
                envelope = codec.read(bodies.get(i));
            } catch (MalformedEventException e) {
                failures.put(i, hopeless(i, "malformed-event", e, Map.of()));
                continue;
            }
            if (envelope.schemaVersion() > maxSchemaVersion) {
                failures.put(i, hopeless(i, "unknown-schema-version", new IllegalArgumentException("schema version "
                        + envelope.schemaVersion() + " of " + envelope.type() + " is newer than " + maxSchemaVersion), Map.of()));
                continue;
            }
            try {
                envelope = canonical(envelope);
            } catch (MalformedEventException e) {
                failures.put(i, hopeless(i, "malformed-payload", e, Map.of()));
                continue;
            }
            String refused = feeds.refusal(queue, envelope);
            if (refused != null) {
                failures.put(i, hopeless(i, "wrong-queue", new IllegalArgumentException(refused), Map.of()));
                continue;
            }
            List<Target> targets = routes.targets(envelope);
            if (targets.isEmpty()) {
                failures.put(i, hopeless(i, "no-route", new IllegalArgumentException("no route for event type "
                        + envelope.type()), Map.of()));
                continue;
            }
            for (Target target : targets) {
                byDestination.computeIfAbsent(target.destination(), d -> new ArrayList<>()).add(new RoutedEvent(i, envelope));
                routeOf.putIfAbsent(target.destination(), target.route().name());
            }
        }

        Map<Destination, CompletableFuture<Map<Integer, WriteFailure>>> writes = new LinkedHashMap<>();
        byDestination.forEach((destination, events) -> writes.put(destination,
                CompletableFuture.supplyAsync(() -> timed(destination, events), executor)));
        writes.forEach((destination, write) -> {
            Map<Integer, WriteFailure> failed = await(destination, write, byDestination.get(destination));
            int written = byDestination.get(destination).size() - failed.size();
            meters.counter("router.written", "route", routeOf.get(destination), "destination", destination.label()).increment(written);
            failed.forEach((index, failure) -> {
                meters.counter(failure.retryable() ? "router.retried" : "router.rejected", "destination", destination.label(),
                        "reason", failure.reason()).increment();
                Map<String, String> attributes = Map.of("route", routeOf.get(destination), "destination", destination.label());
                // A message failing at several destinations is retried if any of them could still succeed;
                // otherwise the first destination's reason is the one reported.
                failures.merge(index, new Failure(index, failure.reason(), failure.cause(), !failure.retryable(), attributes),
                        (first, second) -> first.deadLetterNow() && !second.deadLetterNow() ? second : first);
            });
        });
        if (!failures.isEmpty()) {
            throw new BatchItemFailures(new ArrayList<>(failures.values()));
        }
    }

    /**
     * The envelope with its payload read as its type's record and written back: a payload that breaks the
     * contract is refused here, for every store, and fields the contract does not know (a cardholder's name
     * from a careless producer, say) never reach Base B or C. Unknown types pass unchanged (no route takes them).
     */
    private static EventEnvelope canonical(EventEnvelope envelope) {
        Class<? extends Record> type = envelope.knownType().map(Payloads::typeOf).orElse(null);
        if (type == null) {
            return envelope;
        }
        return new EventEnvelope(envelope.eventId(), envelope.type(), envelope.schemaVersion(), envelope.occurredAt(),
                envelope.sourceVersion(), envelope.subject(), Payloads.json(Payloads.read(envelope, type)));
    }

    private Map<Integer, WriteFailure> timed(Destination destination, List<RoutedEvent> events) {
        Timer.Sample sample = Timer.start(meters);
        try {
            return writers.get(destination.sink()).write(destination, events);
        } finally {
            sample.stop(meters.timer("router.bulk", "destination", destination.label()));
        }
    }

    private Map<Integer, WriteFailure> await(Destination destination, CompletableFuture<Map<Integer, WriteFailure>> write,
                                             List<RoutedEvent> events) {
        try {
            return write.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{}: no answer within {}; {} events will be retried", destination.label(), writeTimeout, events.size());
            return allFailed(events, new WriteFailure("destination-timeout", e, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return allFailed(events, new WriteFailure("interrupted", e, true));
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.warn("{}: write failed, {} events will be retried: {}", destination.label(), events.size(), cause.toString());
            return allFailed(events, new WriteFailure("store-unavailable", cause, true));
        }
    }

    private static Map<Integer, WriteFailure> allFailed(List<RoutedEvent> events, WriteFailure failure) {
        Map<Integer, WriteFailure> failed = new LinkedHashMap<>();
        events.forEach(e -> failed.put(e.index(), failure));
        return failed;
    }

    private Failure hopeless(int index, String reason, Exception cause, Map<String, String> attributes) {
        meters.counter("router.rejected", "destination", "none", "reason", reason).increment();
        return new Failure(index, reason, cause, true, attributes);
    }
}
