package io.consumidor.query.summary;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.FilterAggregate;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.FinancialMovement;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the summary reads of Base C, in two requests sent together: the subject's "latest" documents of the
 * bureau-query and card-purchase types by id ({@code mget} with {@code _source} filtering: one-key reads, no
 * search), and the 30- and 90-day counts and sums in one aggregation ({@link ActivitySummaries}, shared with the
 * ML export, so "bureau queries over 30 days" means the same in both).
 *
 * <p>Both go through the asynchronous client: the lookup's thread sends them and the HTTP client's I/O thread
 * completes them, instead of a pool thread blocking on each while the I/O thread does the work — two hand-overs
 * fewer per read, each a wait for a core on a busy machine (measured in the module README).
 */
@Component
class BaseCReader {

    static final List<ActivitySummaries.Measure> MEASURES = List.of(
            new ActivitySummaries.Measure("queries30", EventType.BUREAU_QUERY, null, null, 30, null),
            new ActivitySummaries.Measure("queries90", EventType.BUREAU_QUERY, null, null, 90, null),
            new ActivitySummaries.Measure("in30", EventType.FINANCIAL_MOVEMENT, FinancialMovement.DIRECTION, "IN", 30, FinancialMovement.AMOUNT),
            new ActivitySummaries.Measure("out30", EventType.FINANCIAL_MOVEMENT, FinancialMovement.DIRECTION, "OUT", 30, FinancialMovement.AMOUNT),
            new ActivitySummaries.Measure("in90", EventType.FINANCIAL_MOVEMENT, FinancialMovement.DIRECTION, "IN", 90, FinancialMovement.AMOUNT),
            new ActivitySummaries.Measure("out90", EventType.FINANCIAL_MOVEMENT, FinancialMovement.DIRECTION, "OUT", 90, FinancialMovement.AMOUNT));

    static final int LONGEST_WINDOW_DAYS = 90;
    private static final String SUM = "sum";

    /** The newest documents by type (absent when the subject has none of a type), and whether an erasure marker exists. */
    record Latest(Optional<Map<String, Object>> bureauQuery, Optional<Map<String, Object>> cardPurchase, boolean erasureMarker) {

        boolean any() {
            return bureauQuery.isPresent() || cardPurchase.isPresent();
        }
    }

    private final ElasticsearchAsyncClient client;
    private final BaseCIndices indices;

    BaseCReader(ElasticsearchAsyncClient client, BaseCIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    /**
     * One {@code mget} across two indices: the subject's "latest" bureau query and card purchase, and its erasure
     * marker (an index that may not exist yet: an item-level miss, not a failed request).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    CompletableFuture<Latest> latest(String subject) {
        String bureauQueryId = BaseCIndices.latestId(subject, EventType.BUREAU_QUERY.wireName());
        String cardPurchaseId = BaseCIndices.latestId(subject, EventType.CARD_PURCHASE.wireName());
        CompletableFuture<MgetResponse<Map>> response = client.mget(m -> m
                .docs(d -> d.index(indices.latest()).id(bureauQueryId).source(s -> s.filter(f -> f.includes(EventFields.OCCURRED_AT, EventFields.PAYLOAD))))
                .docs(d -> d.index(indices.latest()).id(cardPurchaseId).source(s -> s.filter(f -> f.includes(EventFields.OCCURRED_AT, EventFields.PAYLOAD))))
                .docs(d -> d.index(indices.erasures()).id(subject).source(s -> s.fetch(false))), Map.class);
        return response.thenApply(answer -> {
            List<MultiGetResponseItem<Map>> docs = answer.docs();
            return new Latest(found(docs.get(0)), found(docs.get(1)), exists(docs.get(2)));
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Optional<Map<String, Object>> found(MultiGetResponseItem<Map> item) {
        return exists(item) ? Optional.ofNullable((Map<String, Object>) item.result().source()) : Optional.empty();
    }

    @SuppressWarnings("rawtypes")
    private static boolean exists(MultiGetResponseItem<Map> item) {
        if (item.isFailure()) {
            if ("index_not_found_exception".equals(item.failure().error().type())) {
                return false; // nothing of this kind indexed yet
            }
            throw new IllegalStateException("Base C refused a read: " + item.failure().error().type());
        }
        return item.result().found();
    }

    /**
     * The six window measures of one subject as of {@code now} in one search: only the monthly indices the
     * longest window reaches ({@link BaseCIndices#eventsBetween}), the subject's events of that window as a
     * filter (no scoring), and one filter aggregation per measure at the top level — no terms aggregation by
     * subject, which a one-subject read does not need. The filters are {@link ActivitySummaries#window}'s, so
     * "bureau queries over 30 days" counts what the ML export's column counts.
     */
    CompletableFuture<ActivitySummaries.Values> windows(String subject, Instant now) {
        Instant from = now.minus(Duration.ofDays(LONGEST_WINDOW_DAYS));
        Map<String, Aggregation> aggregations = new LinkedHashMap<>();
        for (ActivitySummaries.Measure measure : MEASURES) {
            aggregations.put(measure.name(), Aggregation.of(a -> {
                a.filter(ActivitySummaries.window(measure, now));
                if (measure.sumField() != null) {
                    a.aggregations(SUM, x -> x.sum(m -> m.field(EventFields.payload(measure.sumField()))));
                }
                return a;
            }));
        }
        CompletableFuture<SearchResponse<Void>> response = client.search(s -> s.index(indices.eventsBetween(from, now))
                .allowNoIndices(true).ignoreUnavailable(true).size(0).trackTotalHits(t -> t.enabled(false))
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field(EventFields.SUBJECT).value(subject)))
                        .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.OCCURRED_AT).gt(from.toString()).lte(now.toString()))))))
                .aggregations(aggregations), Void.class);
        return response.thenApply(BaseCReader::values);
    }

    private static ActivitySummaries.Values values(SearchResponse<Void> response) {
        if (response.aggregations().isEmpty()) {
            return ActivitySummaries.Values.NONE; // none of the window's indices exists: no event at all
        }
        Map<String, Long> counts = new HashMap<>();
        Map<String, BigDecimal> sums = new HashMap<>();
        for (ActivitySummaries.Measure measure : MEASURES) {
            FilterAggregate filter = response.aggregations().get(measure.name()).filter();
            if (filter.docCount() > 0) {
                counts.put(measure.name(), filter.docCount());
            }
            if (measure.sumField() != null) {
                sums.put(measure.name(), BigDecimal.valueOf(filter.aggregations().get(SUM).sum().value()).setScale(2, RoundingMode.HALF_EVEN));
            }
        }
        return counts.isEmpty() ? ActivitySummaries.Values.NONE : new ActivitySummaries.Values(counts, sums, Map.of());
    }

    @SuppressWarnings("unchecked")
    static ConsumerSummary.BureauQuery bureauQuery(Map<String, Object> document) {
        Map<String, Object> payload = (Map<String, Object>) document.getOrDefault(EventFields.PAYLOAD, Map.of());
        return new ConsumerSummary.BureauQuery(Instant.parse(String.valueOf(document.get(EventFields.OCCURRED_AT))),
                (String) payload.get(BureauQuery.BUREAU), (String) payload.get(BureauQuery.PURPOSE));
    }

    @SuppressWarnings("unchecked")
    static ConsumerSummary.CardPurchase cardPurchase(Map<String, Object> document) {
        Map<String, Object> payload = (Map<String, Object>) document.getOrDefault(EventFields.PAYLOAD, Map.of());
        Object amount = payload.get(CardPurchase.AMOUNT);
        return new ConsumerSummary.CardPurchase(Instant.parse(String.valueOf(document.get(EventFields.OCCURRED_AT))),
                amount == null ? null : new BigDecimal(amount.toString()), (String) payload.get(CardPurchase.CURRENCY),
                (String) payload.get(CardPurchase.MERCHANT_CATEGORY));
    }
}
