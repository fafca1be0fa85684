package io.consumidor.basec;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.consumidor.core.event.EventType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Many measures of many subjects' events as of an instant T, in one request: a terms aggregation by subject
 * whose buckets hold one filter aggregation per {@link Measure} (its type, an optional payload term, its
 * window {@code (T - days, T]}, and a sum when asked), plus the newest occurrence of chosen types. Only events
 * that happened and were indexed by T count ({@code occurredAt <= T}, {@code recordedAt <= T}): what a
 * point-in-time dataset needs. One round trip per page of subjects whatever the number of measures.
 *
 * <p>Sums come from Elasticsearch's {@code sum} aggregation over the {@code double} amount field and are
 * rounded to cents; exact for totals below about 10^13 BRL.
 */
public final class ActivitySummaries {

    private static final String BY_SUBJECT = "by_subject";
    private static final String SUM = "sum";
    private static final String LAST = "last";
    private static final String OLDEST = "oldest";

    private final ElasticsearchClient client;
    private final BaseCIndices indices;

    public ActivitySummaries(ElasticsearchClient client, BaseCIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    /**
     * @param name     the measure's key in the answer (a column name, for example)
     * @param field    a payload field the event must have {@code value} in, or null
     * @param days     the window {@code (T - days, T]}
     * @param sumField a payload field to sum, or null for a count only
     */
    public record Measure(String name, EventType type, String field, String value, int days, String sumField) {

        public Measure {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            if (days < 1) {
                throw new IllegalArgumentException("measure " + name + ": a window is at least one day");
            }
        }
    }

    /** One subject's answers: per measure its count and (when summed) its sum; per type its newest occurrence. */
    public record Values(Map<String, Long> counts, Map<String, BigDecimal> sums, Map<EventType, Instant> last) {

        public static final Values NONE = new Values(Map.of(), Map.of(), Map.of());

        public long count(String measure) {
            return counts.getOrDefault(measure, 0L);
        }

        public BigDecimal sum(String measure) {
            return sums.getOrDefault(measure, BigDecimal.ZERO.setScale(2));
        }
    }

    /**
     * A search that some shards did not answer is no answer: its counts would be low, not zero for a reason. Base C is
     * then unavailable for the caller (a vector's columns unavailable, a job's page retried), never a silent under-count.
     */
    private static void complete(co.elastic.clients.elasticsearch._types.ShardStatistics shards) {
        if (shards != null && shards.failed().intValue() > 0) {
            throw new UncheckedIOException(new IOException("Base C answered partially: " + shards.failed() + " of " + shards.total()
                    + " shard(s) failed"));
        }
    }

    /** Subjects without any event by T are absent from the answer ({@link Values#NONE}). */
    public Map<String, Values> summarize(Collection<String> subjects, List<Measure> measures, List<EventType> newestOf, Instant asOf) {
        return summarize(subjects, measures, newestOf, asOf, asOf);
    }

    /**
     * As {@link #summarize(Collection, List, List, Instant)}, counting only the events indexed by {@code recordedBy}
     * (at most {@code asOf}): the windows still end at {@code asOf}. What tells an event indexed just before a lookup
     * but not yet searchable by it from one the lookup should have seen.
     */
    public Map<String, Values> summarize(Collection<String> subjects, List<Measure> measures, List<EventType> newestOf, Instant asOf,
                                         Instant recordedBy) {
        if (subjects.isEmpty()) {
            return Map.of();
        }
        Map<String, Aggregation> perSubject = new LinkedHashMap<>();
        for (Measure measure : measures) {
            perSubject.put(measure.name(), Aggregation.of(a -> {
                a.filter(window(measure, asOf));
                if (measure.sumField() != null) {
                    a.aggregations(SUM, s -> s.sum(m -> m.field(EventFields.payload(measure.sumField()))));
                }
                return a;
            }));
        }
        for (EventType type : newestOf) {
            perSubject.put(LAST + ":" + type.wireName(), Aggregation.of(a -> a.filter(f -> f.term(t -> t.field(EventFields.TYPE).value(type.wireName())))
                    .aggregations(LAST, m -> m.max(x -> x.field(EventFields.OCCURRED_AT)))));
        }
        List<FieldValue> values = subjects.stream().map(FieldValue::of).toList();
        if (subjects.size() == 1) {
            return one(subjects.iterator().next(), values, perSubject, measures, newestOf, asOf, recordedBy);
        }
        try {
            SearchResponse<Void> response = client.search(s -> s.index(indices.events()).allowNoIndices(true)
                    .ignoreUnavailable(true).size(0)
                    .query(q -> q.bool(b -> b.filter(f -> f.terms(t -> t.field(EventFields.SUBJECT).terms(v -> v.value(values))))
                            .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.OCCURRED_AT).lte(asOf.toString()))))
                            .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.RECORDED_AT).lte(recordedBy.toString()))))))
                    .aggregations(BY_SUBJECT, a -> a.terms(t -> t.field(EventFields.SUBJECT).size(subjects.size()))
                            .aggregations(perSubject)), Void.class);
            complete(response.shards());
            Map<String, Values> answers = new HashMap<>();
            Aggregate bySubject = response.aggregations().get(BY_SUBJECT);
            if (bySubject == null) {
                return answers; // no index exists yet: no event at all
            }
            for (StringTermsBucket bucket : bySubject.sterms().buckets().array()) {
                answers.put(bucket.key().stringValue(), values(bucket, measures, newestOf));
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException("Base C unreachable: " + e.getMessage(), e);
        }
    }

    /**
     * One subject (an online lookup): the measures as top-level aggregations of the subject's events, without the
     * terms aggregation a page of subjects needs — the same filters, one bucketing step less for Elasticsearch.
     */
    private Map<String, Values> one(String subject, List<FieldValue> values, Map<String, Aggregation> perSubject, List<Measure> measures,
                                    List<EventType> newestOf, Instant asOf, Instant recordedBy) {
        try {
            SearchResponse<Void> response = client.search(s -> s.index(indices.events()).allowNoIndices(true)
                    .ignoreUnavailable(true).size(0).trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.bool(b -> b.filter(f -> f.terms(t -> t.field(EventFields.SUBJECT).terms(v -> v.value(values))))
                            .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.OCCURRED_AT).lte(asOf.toString()))))
                            .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.RECORDED_AT).lte(recordedBy.toString()))))))
                    .aggregations(perSubject), Void.class);
            complete(response.shards());
            if (response.hits().total() == null || response.hits().total().value() == 0 || response.aggregations().isEmpty()) {
                return Map.of(); // no event by T (or no index yet): absent, as from a page
            }
            Map<String, Values> answers = new HashMap<>();
            answers.put(subject, values(response.aggregations(), measures, newestOf));
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException("Base C unreachable: " + e.getMessage(), e);
        }
    }

    /**
     * How many of the subject's events happened by {@code asOf} but reached Base C after it ({@code occurredAt <= asOf <
     * recordedAt}): late arrivals, which no view as of {@code asOf} counts.
     */
    public long arrivedAfter(String subject, Instant asOf) {
        try {
            var response = client.count(c -> c.index(indices.events()).allowNoIndices(true).ignoreUnavailable(true)
                    .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field(EventFields.SUBJECT).value(subject)))
                            .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.OCCURRED_AT).lte(asOf.toString()))))
                            .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.RECORDED_AT).gt(asOf.toString())))))));
            complete(response.shards());
            return response.count();
        } catch (IOException e) {
            throw new UncheckedIOException("Base C unreachable: " + e.getMessage(), e);
        }
    }

    /**
     * The oldest occurrence among the events Base C had indexed by {@code recordedBy} (any subject), or null when it
     * held none: how far back its windows have a source at that instant.
     */
    public Instant oldestOccurrence(Instant recordedBy) {
        try {
            SearchResponse<Void> response = client.search(s -> s.index(indices.events()).allowNoIndices(true).ignoreUnavailable(true).size(0)
                    .query(q -> q.range(r -> r.date(d -> d.field(EventFields.RECORDED_AT).lte(recordedBy.toString()))))
                    .aggregations(OLDEST, a -> a.min(m -> m.field(EventFields.OCCURRED_AT))), Void.class);
            complete(response.shards());
            Aggregate oldest = response.aggregations().get(OLDEST);
            return oldest == null || Double.isInfinite(oldest.min().value()) || Double.isNaN(oldest.min().value()) ? null
                    : Instant.ofEpochMilli((long) oldest.min().value());
        } catch (IOException e) {
            throw new UncheckedIOException("Base C unreachable: " + e.getMessage(), e);
        }
    }

    /**
     * The filter of one measure's events as of {@code asOf}: its type, its window {@code (asOf - days, asOf]}'s
     * lower bound and its payload term (the upper bound is the caller's query). Public so a single-subject read
     * (the query API's) counts exactly what a dataset's column counts.
     */
    public static Query window(Measure measure, Instant asOf) {
        Instant from = asOf.minus(Duration.ofDays(measure.days()));
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field(EventFields.TYPE).value(measure.type().wireName())))
                    .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.OCCURRED_AT).gt(from.toString()))));
            if (measure.field() != null) {
                b.filter(f -> f.term(t -> t.field(EventFields.payload(measure.field())).value(measure.value())));
            }
            return b;
        }));
    }

    private static Values values(StringTermsBucket bucket, List<Measure> measures, List<EventType> newestOf) {
        return values(bucket.aggregations(), measures, newestOf);
    }

    private static Values values(Map<String, Aggregate> aggregations, List<Measure> measures, List<EventType> newestOf) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, BigDecimal> sums = new HashMap<>();
        Map<EventType, Instant> last = new HashMap<>();
        for (Measure measure : measures) {
            var filter = aggregations.get(measure.name()).filter();
            counts.put(measure.name(), filter.docCount());
            if (measure.sumField() != null) {
                sums.put(measure.name(), BigDecimal.valueOf(filter.aggregations().get(SUM).sum().value()).setScale(2, RoundingMode.HALF_EVEN));
            }
        }
        for (EventType type : newestOf) {
            var filter = aggregations.get(LAST + ":" + type.wireName()).filter();
            if (filter.docCount() > 0) {
                last.put(type, Instant.ofEpochMilli((long) filter.aggregations().get(LAST).max().value()));
            }
        }
        return new Values(counts, sums, last);
    }
}
