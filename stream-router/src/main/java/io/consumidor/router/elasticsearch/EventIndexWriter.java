package io.consumidor.router.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.event.EventCodec;
import io.consumidor.router.RouterProperties;
import io.consumidor.router.routes.RouteDefinitions.Destination;
import io.consumidor.router.routes.Sink;
import io.consumidor.router.routes.WriteMode;
import io.consumidor.router.routing.DestinationWriter;
import io.consumidor.router.routing.RoutedEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;

/**
 * Base C in Elasticsearch, through bulk requests only (the local distribution has no painless, no
 * {@code _delete_by_query}; search + bulk work on it and on a full cluster alike).
 * Index names and document fields are Base C's contract ({@code platform/base-c}), in the deployment's namespace.
 * <ul>
 *   <li>{@code index}: the event under {@code _id} = event id, created (never overwritten) in its month's index
 *       — a redelivery finds it there (409, counted as written), so duplicates cannot appear and its first
 *       {@code recordedAt} stands;</li>
 *   <li>{@code latest}: one document per subject and event type ({@code <subject>|<type>}), written with
 *       external versioning = the event's {@code sourceVersion}, so an older event arriving late is refused
 *       (409, counted as written) instead of regressing it;</li>
 *   <li>{@code erase}: every document of the subject in the target indices, found by search and deleted in bulk
 *       ({@link BaseCErasure}, which also keeps the erasure markers and sweeps late documents).</li>
 * </ul>
 * Item failures are judged one by one: a document the mapping rejects dead-letters its own message only.
 *
 * <p>Index and latest writes go through one {@link BulkCoalescer} shared by all batches in flight: an SQS
 * batch is at most ten messages, and a bulk request per batch and destination kept Elasticsearch busy with
 * request overhead (p50 ~60 ms for ten documents on the local stack). Each batch waits for the verdicts of its
 * own operations, so acknowledgement stays per message. Erasure is rare and needs a refresh between search
 * and delete, so it keeps its own requests.
 */
public final class EventIndexWriter implements DestinationWriter, AutoCloseable {

    private static final Set<String> REJECTIONS = Set.of("document_parsing_exception", "mapper_parsing_exception",
            "illegal_argument_exception", "strict_dynamic_mapping_exception", "invalid_index_name_exception");

    private final ElasticsearchClient client;
    private final BaseCIndices indices;
    private final BulkCoalescer bulk;
    private final java.time.Clock clock;
    private final EventCodec codec = new EventCodec();
    private final BaseCErasure erasure;
    private volatile boolean templatesInPlace;

    public EventIndexWriter(ElasticsearchClient client, BaseCIndices indices, RouterProperties.Bulk bulk, java.time.Clock clock) {
        this.client = client;
        this.indices = indices;
        this.bulk = new BulkCoalescer(client, bulk);
        this.clock = clock;
        this.erasure = new BaseCErasure(client, indices);
    }

    /** Erasure in Base C: the {@code erase} destination's deletes and markers, and the sweeps over them. */
    public BaseCErasure erasure() {
        return erasure;
    }

    public BaseCIndices indices() {
        return indices;
    }

    /** Sends what is still gathered and waits for the requests in flight. */
    @Override
    public void close() {
        bulk.close();
    }

    @Override
    public Sink sink() {
        return Sink.ELASTICSEARCH;
    }

    /**
     * Puts the index templates unless that already succeeded. Called at start-up and before every index write:
     * when Elasticsearch is away at start-up the router starts anyway (MongoDB need not wait for it), and the
     * first write that reaches Elasticsearch puts the templates before creating any index.
     *
     * @throws UncheckedIOException while Elasticsearch is unreachable
     */
    public void ensureTemplates() {
        if (!templatesInPlace) {
            synchronized (this) {
                if (!templatesInPlace) {
                    IndexTemplates.apply(client, indices);
                    templatesInPlace = true;
                }
            }
        }
    }

    @Override
    public Map<Integer, WriteFailure> write(Destination destination, List<RoutedEvent> events) {
        ensureTemplates(); // erasure too: it writes a marker into the erasures index
        try {
            if (destination.mode() == WriteMode.ERASE) {
                erasure.erase(destination, events);
                return Map.of();
            }
            return index(destination, events);
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unreachable: " + e.getMessage(), e);
        }
    }

    private Map<Integer, WriteFailure> index(Destination destination, List<RoutedEvent> events) {
        List<CompletableFuture<WriteFailure>> results = new ArrayList<>(events.size());
        String recordedAt = clock.instant().toString();
        for (RoutedEvent event : events) {
            Map<String, Object> document = document(event, recordedAt);
            BulkOperation operation = destination.mode() == WriteMode.LATEST
                    ? BulkOperation.of(b -> b.index(i -> i.index(indices.latest())
                            .id(BaseCIndices.latestId(event.subject(), event.envelope().type()))
                            .version(event.sourceVersion()).versionType(VersionType.External).document(document)))
                    : BulkOperation.of(b -> b.create(c -> c.index(indices.eventsFor(event.envelope().occurredAt()))
                            .id(event.envelope().eventId().toString()).document(document)));
            try {
                results.add(bulk.add(operation).thenApply(item -> judge(item, destination.mode())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(CompletableFuture.failedFuture(e));
            }
        }
        Map<Integer, WriteFailure> failures = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            WriteFailure failure = outcome(results.get(i));
            if (failure != null) {
                failures.put(events.get(i).index(), failure);
            }
        }
        return failures;
    }

    private static WriteFailure outcome(CompletableFuture<WriteFailure> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WriteFailure("interrupted", e, true);
        } catch (ExecutionException e) {
            return new WriteFailure("store-unavailable", e.getCause(), true);
        }
    }

    /** Null when the item counts as written (including a refused stale "latest" version). */
    private static WriteFailure judge(BulkResponseItem item, WriteMode mode) {
        if (item.error() == null) {
            return null;
        }
        if (item.status() == 409) {
            return null; // latest: an older version; index: already indexed by an earlier delivery
        }
        String type = item.error().type();
        String message = type + ": " + item.error().reason();
        if (REJECTIONS.contains(type) || (item.status() == 400)) {
            return new WriteFailure("mapping-rejected", new IllegalArgumentException(message), false);
        }
        return new WriteFailure("store-unavailable", new IllegalStateException(item.status() + " " + message), true);
    }

    private Map<String, Object> document(RoutedEvent event, String recordedAt) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(EventFields.EVENT_ID, event.envelope().eventId().toString());
        document.put(EventFields.TYPE, event.envelope().type());
        document.put(EventFields.SCHEMA_VERSION, event.envelope().schemaVersion());
        document.put(EventFields.SUBJECT, event.subject());
        document.put(EventFields.OCCURRED_AT, event.envelope().occurredAt().toString());
        document.put(EventFields.RECORDED_AT, recordedAt);
        document.put(EventFields.PAYLOAD, codec.mapper().convertValue(event.envelope().payload(), Map.class));
        return document;
    }
}
