package io.consumidor.basec;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.consumidor.core.event.EventType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Base C features as of T": aggregates of many subjects' events over a time window, in one request per
 * call (a terms aggregation by subject), so a job pays one round trip per chunk, not one per subject. A
 * window is {@code (from, to]} on {@code occurredAt}; with {@code knownBy}, only events Base C had indexed by
 * then count ({@code recordedAt <= knownBy}) — what a point-in-time dataset needs. Subjects without events
 * are absent from the answers (count 0).
 */
public final class ActivityFeatures {

    private static final String BY_SUBJECT = "by_subject";

    private final ElasticsearchClient client;
    private final BaseCIndices indices;

    public ActivityFeatures(ElasticsearchClient client, BaseCIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** A time window {@code (from, to]} on occurred-at, counted only for events recorded by {@code knownBy} (null = any). */
    public record Window(Instant from, Instant to, Instant knownBy) {

        public static Window daysBefore(Instant end, int days) {
            return new Window(end.minus(java.time.Duration.ofDays(days)), end, null);
        }
    }

    /** Events of the type per subject in the window. */
    public Map<String, Long> counts(Collection<String> subjects, EventType type, Window window) {
        if (subjects.isEmpty()) {
            return Map.of();
        }
        try {
            SearchResponse<Void> response = client.search(s -> s.index(indices.events()).allowNoIndices(true)
                    .ignoreUnavailable(true).size(0).requestCache(true)
                    .query(query(subjects, type, window))
                    .aggregations(BY_SUBJECT, a -> a.terms(t -> t.field(EventFields.SUBJECT).size(subjects.size()))), Void.class);
            Map<String, Long> counts = new HashMap<>();
            if (response.aggregations().get(BY_SUBJECT) == null) {
                return counts; // no index exists yet: no event at all
            }
            List<StringTermsBucket> buckets = response.aggregations().get(BY_SUBJECT).sterms().buckets().array();
            buckets.forEach(bucket -> counts.put(bucket.key().stringValue(), bucket.docCount()));
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException("Base C unreachable: " + e.getMessage(), e);
        }
    }

    static Query query(Collection<String> subjects, EventType type, Window window) {
        List<FieldValue> values = subjects.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.terms(t -> t.field(EventFields.SUBJECT).terms(v -> v.value(values))))
                    .filter(f -> f.term(t -> t.field(EventFields.TYPE).value(type.wireName())))
                    .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.OCCURRED_AT)
                            .gt(window.from().toString()).lte(window.to().toString()))));
            if (window.knownBy() != null) {
                b.filter(f -> f.range(r -> r.date(d -> d.field(EventFields.RECORDED_AT).lte(window.knownBy().toString()))));
            }
            return b;
        }));
    }
}
