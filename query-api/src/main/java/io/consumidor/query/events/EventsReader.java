package io.consumidor.query.events;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A page of one subject's events from every daily events index: filters only (no scoring), sorted by
 * {@code occurredAt} then {@code eventId} descending, one more than the page asked for so the last page is
 * known without a second request, {@code track_total_hits} off because nobody needs the count.
 */
@Component
class EventsReader {

    private final ElasticsearchClient client;
    private final BaseCIndices indices;

    EventsReader(ElasticsearchClient client, BaseCIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    EventPage page(EventQuery query) {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.of(q -> q.term(t -> t.field(EventFields.SUBJECT).value(query.subject().value()))));
        query.type().ifPresent(type -> filters.add(Query.of(q -> q.term(t -> t.field(EventFields.TYPE).value(type.wireName())))));
        if (query.from().isPresent() || query.to().isPresent()) {
            filters.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field(EventFields.OCCURRED_AT);
                query.from().ifPresent(from -> d.gte(from.toString()));
                query.to().ifPresent(to -> d.lt(to.toString()));
                return d;
            }))));
        }
        try {
            SearchResponse<Map> response = client.search(s -> {
                s.index(indices.events()).allowNoIndices(true).ignoreUnavailable(true).size(query.size() + 1).trackTotalHits(t -> t.enabled(false))
                        .query(q -> q.bool(b -> b.filter(filters)))
                        .sort(o -> o.field(f -> f.field(EventFields.OCCURRED_AT).order(SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field(EventFields.EVENT_ID).order(SortOrder.Desc)));
                query.after().ifPresent(cursor -> s.searchAfter(FieldValue.of(cursor.occurredAtMillis()), FieldValue.of(cursor.eventId())));
                return s;
            }, Map.class);
            List<Hit<Map>> hits = response.hits().hits();
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < Math.min(hits.size(), query.size()); i++) {
                events.add(EventView.of((Map<String, Object>) hits.get(i).source()));
            }
            String next = null;
            if (hits.size() > query.size()) {
                List<FieldValue> last = hits.get(query.size() - 1).sort();
                next = new Cursor(last.get(0).longValue(), last.get(1).stringValue(), query.filterFingerprint()).encode();
            }
            return new EventPage(query.subject().value(), events, next);
        } catch (IOException e) {
            throw new UncheckedIOException("Base C unreachable: " + e.getMessage(), e);
        }
    }
}
