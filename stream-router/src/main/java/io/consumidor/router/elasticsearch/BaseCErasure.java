package io.consumidor.router.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.ErasureMarker;
import io.consumidor.basec.EventFields;
import io.consumidor.router.erasure.ErasureSweeper;
import io.consumidor.router.routes.RouteDefinitions.Destination;
import io.consumidor.router.routing.RoutedEvent;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Erasure in Base C, by search and bulk only (the local distribution has no {@code _delete_by_query}): an
 * {@code erase} destination deletes every document of its subjects in the target indices and leaves an
 * {@link ErasureMarker} per subject; {@link ErasureSweeper} later deletes what arrived late for an erased subject
 * ({@link #sweepErased}) and, past the window, the markers themselves ({@link #expireMarkers}). Rare and needing a
 * refresh between search and delete, so it keeps its own requests, apart from the coalesced index writes.
 */
public final class BaseCErasure {

    private final ElasticsearchClient client;
    private final BaseCIndices indices;

    BaseCErasure(ElasticsearchClient client, BaseCIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    void erase(Destination destination, List<RoutedEvent> events) throws IOException {
        Set<String> subjects = new LinkedHashSet<>();
        events.forEach(e -> subjects.add(e.subject()));
        List<FieldValue> values = subjects.stream().map(FieldValue::of).toList();
        // A failed delete throws: every event of the batch is retried (the erasure is idempotent).
        List<String> targets = java.util.Arrays.stream(destination.target().split(",")).map(indices::searchPattern).toList();
        deleteAll(targets, Query.of(q -> q.terms(t -> t.field(EventFields.SUBJECT).terms(v -> v.value(values)))));
        markErased(events, String.join(",", targets));
    }

    /** Deletes every document the query finds, by search + bulk (no {@code _delete_by_query} locally); returns how many. */
    private long deleteAll(List<String> indices, Query query) throws IOException {
        long deleted = 0;
        while (true) {
            SearchResponse<Void> found = client.search(s -> s.index(indices).allowNoIndices(true).ignoreUnavailable(true)
                    .size(500).source(src -> src.fetch(false)).query(query), Void.class);
            List<Hit<Void>> hits = found.hits().hits();
            if (hits.isEmpty()) {
                return deleted;
            }
            List<BulkOperation> deletes = hits.stream()
                    .map(hit -> BulkOperation.of(b -> b.delete(d -> d.index(hit.index()).id(hit.id())))).toList();
            // refresh so the next search no longer sees what was just deleted
            BulkResponse response = client.bulk(b -> b.operations(deletes).refresh(Refresh.True));
            if (response.errors() && response.items().stream().anyMatch(i -> i.error() != null && i.status() != 404)) {
                throw new IOException("deletes failed: " + response.items().stream().filter(i -> i.error() != null && i.status() != 404)
                        .map(i -> i.status() + " " + i.error().type()).findFirst().orElse("?"));
            }
            deleted += hits.size();
        }
    }

    /**
     * Leaves a marker per erased subject ({@code erasures}, {@code _id} = subject, external version = the
     * erasure's sequence, so an older erasure never moves it back). An activity event older than the erasure
     * can still arrive afterwards — redelivered after a failure, or slower through its own queue — and be
     * indexed again; {@link ErasureSweeper} deletes such documents using these markers.
     */
    private void markErased(List<RoutedEvent> events, String targets) throws IOException {
        List<BulkOperation> markers = events.stream().map(event -> BulkOperation.of(b -> b.index(i -> i.index(indices.erasures())
                .id(event.subject()).version(event.sourceVersion()).versionType(VersionType.External)
                .document(new ErasureMarker(event.subject(), event.envelope().occurredAt().toString(), targets))))).toList();
        BulkResponse response = client.bulk(b -> b.operations(markers));
        if (response.errors() && response.items().stream().anyMatch(i -> i.error() != null && i.status() != 409)) {
            throw new IOException("erasure markers not written: " + response.items().stream().filter(i -> i.error() != null)
                    .map(i -> i.error().reason()).findFirst().orElse("?"));
        }
    }

    /**
     * Deletes the documents of erased subjects that are not newer than their erasure, for the markers of
     * erasures since {@code since}, a page of markers at a time (one query per page and set of target
     * indices); returns how many documents were deleted.
     */
    public long sweepErased(Instant since) throws IOException {
        long deleted = 0;
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            SearchResponse<ErasureMarker> page = client.search(s -> {
                s.index(indices.erasures()).allowNoIndices(true).ignoreUnavailable(true).size(100).sort(o -> o.field(f -> f.field("subject")))
                        .query(q -> q.range(r -> r.date(d -> d.field(ErasureMarker.ERASED_AT).gte(since.toString()))));
                if (searchAfter != null) {
                    s.searchAfter(searchAfter);
                }
                return s;
            }, ErasureMarker.class);
            List<Hit<ErasureMarker>> hits = page.hits().hits();
            if (hits.isEmpty()) {
                return deleted;
            }
            Map<String, List<ErasureMarker>> byTargets = new LinkedHashMap<>();
            hits.forEach(hit -> byTargets.computeIfAbsent(hit.source().targets(), t -> new ArrayList<>()).add(hit.source()));
            for (Map.Entry<String, List<ErasureMarker>> entry : byTargets.entrySet()) {
                Query olderThanTheirErasure = Query.of(q -> q.bool(b -> {
                    entry.getValue().forEach(marker -> b.should(m -> m.bool(one -> one
                            .filter(f -> f.term(t -> t.field(EventFields.SUBJECT).value(marker.subject())))
                            .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.OCCURRED_AT).lte(marker.erasedAt())))))));
                    return b.minimumShouldMatch("1");
                }));
                deleted += deleteAll(List.of(entry.getKey().split(",")), olderThanTheirErasure);
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    /**
     * Deletes the erasure markers of erasures before {@code before}: by then no late event of those subjects
     * can still arrive, and the marker is the last trace of the subject in Base C. Returns how many.
     */
    public long expireMarkers(Instant before) throws IOException {
        client.indices().refresh(r -> r.index(indices.erasures()).allowNoIndices(true).ignoreUnavailable(true));
        return deleteAll(List.of(indices.erasures()), Query.of(q -> q.range(r -> r.date(d -> d.field(ErasureMarker.ERASED_AT).lt(before.toString())))));
    }
}
