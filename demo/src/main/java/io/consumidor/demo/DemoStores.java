package io.consumidor.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.ProfileFields;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import org.bson.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the demo reads and writes in Base B and C directly: whether everything it sent has arrived, and the
 * back-dating of what arrived (see {@link #backdateProfiles} and {@link #backdateActivity}). Names come from the
 * stores' own contracts ({@link BaseBCollections}, {@link ProfileHistory}, {@link EventFields}).
 */
final class DemoStores {

    /** Base C's events are stamped as recorded this long after they occurred, as a producer's feed would be. */
    static final Duration RECORDING_LAG = Duration.ofSeconds(90);
    private static final int BATCH = 500;

    private final MongoDatabase baseB;
    private final ElasticsearchClient elasticsearch;
    private final BaseCIndices indices;

    DemoStores(MongoDatabase baseB, ElasticsearchClient elasticsearch, BaseCIndices indices) {
        this.baseB = baseB;
        this.elasticsearch = elasticsearch;
        this.indices = indices;
    }

    /** A person's versions in Base A, each with the instant of the month it stands for. */
    record Versions(String subject, Map<Long, Instant> at) {
    }

    /** How many of the people's versions Base B's history holds (an entry of either Base A group for each). */
    long versionsArrived(List<Versions> people) {
        long arrived = 0;
        MongoCollection<Document> history = baseB.getCollection(BaseBCollections.PROFILE_HISTORY);
        for (int from = 0; from < people.size(); from += BATCH) {
            List<Versions> batch = people.subList(from, Math.min(people.size(), from + BATCH));
            List<String> ids = new ArrayList<>();
            for (Versions person : batch) {
                for (long version : person.at().keySet()) {
                    ids.add(HistoryEntry.baseAId(person.subject(), ProfileGroup.PERSONAL, version));
                    ids.add(HistoryEntry.baseAId(person.subject(), ProfileGroup.DEBT_SUMMARY, version));
                }
            }
            Set<String> found = new HashSet<>();
            history.find(Filters.in("_id", ids)).projection(new Document("_id", 1)).forEach(doc -> found.add(doc.getString("_id")));
            for (Versions person : batch) {
                for (long version : person.at().keySet()) {
                    if (found.contains(HistoryEntry.baseAId(person.subject(), ProfileGroup.PERSONAL, version))
                            || found.contains(HistoryEntry.baseAId(person.subject(), ProfileGroup.DEBT_SUMMARY, version))) {
                        arrived++;
                    }
                }
            }
        }
        return arrived;
    }

    /** How many Base C events the subjects have. */
    long eventsArrived(List<String> subjects) {
        long count = 0;
        for (int from = 0; from < subjects.size(); from += BATCH) {
            Query query = bySubjects(subjects.subList(from, Math.min(subjects.size(), from + BATCH)), null);
            count += call(() -> {
                elasticsearch.indices().refresh(r -> r.index(indices.searchPattern(BaseCIndices.EVENTS)).allowNoIndices(true));
                return elasticsearch.count(c -> c.index(indices.searchPattern(BaseCIndices.EVENTS)).allowNoIndices(true)
                        .ignoreUnavailable(true).query(query)).count();
            });
        }
        return count;
    }

    /**
     * Moves each past version's Base B history entries to the month it stands for: {@code occurredAt} and
     * {@code recordedAt} both become that instant, as if the demo had run for 18 months. The newest version, the
     * one written now, is left as it is. Returns the entries moved.
     */
    long backdateProfiles(List<Versions> people, Instant now) {
        MongoCollection<Document> history = baseB.getCollection(BaseBCollections.PROFILE_HISTORY);
        List<WriteModel<Document>> updates = new ArrayList<>();
        long moved = 0;
        for (Versions person : people) {
            for (Map.Entry<Long, Instant> version : person.at().entrySet()) {
                if (!version.getValue().isBefore(now.minus(Duration.ofMinutes(1)))) {
                    continue;
                }
                Date at = Date.from(version.getValue());
                for (ProfileGroup group : List.of(ProfileGroup.PERSONAL, ProfileGroup.DEBT_SUMMARY)) {
                    updates.add(new UpdateOneModel<>(Filters.eq("_id", HistoryEntry.baseAId(person.subject(), group, version.getKey())),
                            Updates.combine(Updates.set(ProfileHistory.FACT + "." + ProfileFields.OCCURRED_AT, at),
                                    Updates.set(ProfileHistory.FACT + "." + ProfileFields.RECORDED_AT, at))));
                }
            }
            if (updates.size() >= BATCH) {
                moved += history.bulkWrite(updates).getModifiedCount();
                updates.clear();
            }
        }
        if (!updates.isEmpty()) {
            moved += history.bulkWrite(updates).getModifiedCount();
        }
        return moved;
    }

    /**
     * Stamps the subjects' Base C events that occurred before {@code now} minus an hour as recorded
     * {@link #RECORDING_LAG} after they occurred (the intake recorded them all today). Partial-document updates in
     * bulk: the reduced Elasticsearch has no scripting. Returns the events stamped.
     */
    long backdateActivity(List<String> subjects, Instant now) {
        String pattern = indices.searchPattern(BaseCIndices.EVENTS);
        Instant before = now.minus(Duration.ofHours(1));
        long stamped = 0;
        for (int from = 0; from < subjects.size(); from += BATCH) {
            Query query = bySubjects(subjects.subList(from, Math.min(subjects.size(), from + BATCH)), before);
            List<FieldValue> after = null;
            while (true) {
                List<FieldValue> searchAfter = after;
                SearchResponse<Map> page = call(() -> elasticsearch.search(s -> {
                    s.index(pattern).allowNoIndices(true).query(query).size(1000)
                            .source(src -> src.filter(f -> f.includes(EventFields.OCCURRED_AT)))
                            .sort(o -> o.field(f -> f.field(EventFields.OCCURRED_AT).order(SortOrder.Asc)))
                            .sort(o -> o.field(f -> f.field(EventFields.EVENT_ID).order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, Map.class));
                List<Hit<Map>> hits = page.hits().hits();
                if (hits.isEmpty()) {
                    break;
                }
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (Hit<Map> hit : hits) {
                    Instant occurred = Instant.parse(String.valueOf(hit.source().get(EventFields.OCCURRED_AT)));
                    bulk.operations(op -> op.update(u -> u.index(hit.index()).id(hit.id())
                            .action(a -> a.doc(Map.of(EventFields.RECORDED_AT, occurred.plus(RECORDING_LAG).toString())))));
                }
                BulkResponse response = call(() -> elasticsearch.bulk(bulk.build()));
                if (response.errors()) {
                    throw new IllegalStateException("Elasticsearch refused back-dating updates: " + response.items().stream()
                            .filter(i -> i.error() != null).findFirst().map(i -> i.error().reason()).orElse("?"));
                }
                stamped += hits.size();
                after = hits.get(hits.size() - 1).sort();
            }
        }
        call(() -> elasticsearch.indices().refresh(r -> r.index(pattern).allowNoIndices(true)));
        return stamped;
    }

    private static Query bySubjects(List<String> subjects, Instant occurredBefore) {
        List<FieldValue> values = subjects.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.terms(t -> t.field(EventFields.SUBJECT).terms(v -> v.value(values))));
            if (occurredBefore != null) {
                b.filter(f -> f.range(r -> r.date(d -> d.field(EventFields.OCCURRED_AT).lt(occurredBefore.toString()))));
            }
            return b;
        }));
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch: " + e.getMessage(), e);
        }
    }
}
