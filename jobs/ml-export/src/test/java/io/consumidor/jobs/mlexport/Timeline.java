package io.consumidor.jobs.mlexport;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.event.EventType;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A hand-built history of a few subjects in the stores the export reads, through the contracts' own codecs:
 * Base B history entries (with when each fact was true and when Base B learned it), the current profiles,
 * rating revisions, and Base C events with both times.
 */
final class Timeline {

    private final MongoDatabase baseB;
    private final ElasticsearchClient elasticsearch;
    private final BaseCIndices indices;
    private final List<HistoryEntry> history = new ArrayList<>();
    private final Map<String, Profile> current = new LinkedHashMap<>();
    private final List<RatingRecord> ratings = new ArrayList<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private long version = 1;

    Timeline(MongoDatabase baseB, ElasticsearchClient elasticsearch, BaseCIndices indices) {
        this.baseB = baseB;
        this.elasticsearch = elasticsearch;
        this.indices = indices;
    }

    /** A fact of the group, true from {@code occurred}, learned by Base B at {@code recorded}. */
    <T> Timeline fact(String subject, ProfileGroup group, T value, Instant occurred, Instant recorded) {
        Fact<T> fact = new Fact<>(value, version++, occurred, recorded, UUID.randomUUID().toString());
        history.add(new HistoryEntry(subject, group, fact));
        Profile now = current.getOrDefault(subject, new Profile(subject, null, null, null));
        current.put(subject, with(now, group, fact));
        return this;
    }

    @SuppressWarnings("unchecked")
    private static Profile with(Profile profile, ProfileGroup group, Fact<?> fact) {
        return switch (group) {
            case PERSONAL -> new Profile(profile.subject(), (Fact<io.consumidor.core.payload.PersonalFacts>) fact, profile.debts(), profile.reported());
            case DEBT_SUMMARY -> new Profile(profile.subject(), profile.personal(), (Fact<io.consumidor.core.payload.DebtSummary>) fact, profile.reported());
            case REPORTED_FACTS -> new Profile(profile.subject(), profile.personal(), profile.debts(), (Fact<io.consumidor.core.payload.ReportedFacts>) fact);
        };
    }

    Timeline rating(RatingRecord rating) {
        ratings.add(rating);
        return this;
    }

    Timeline event(String subject, EventType type, Instant occurred, Instant recorded, Map<String, Object> payload) {
        Map<String, Object> doc = new HashMap<>();
        doc.put(EventFields.EVENT_ID, UUID.randomUUID().toString());
        doc.put(EventFields.TYPE, type.wireName());
        doc.put(EventFields.SCHEMA_VERSION, 1);
        doc.put(EventFields.SUBJECT, subject);
        doc.put(EventFields.OCCURRED_AT, occurred.toString());
        doc.put(EventFields.RECORDED_AT, recorded.toString());
        doc.put(EventFields.PAYLOAD, payload);
        events.add(doc);
        return this;
    }

    /** Versions of the facts added next start here (a later timeline's facts must not reuse an earlier one's ids). */
    Timeline versionsFrom(long first) {
        version = first;
        return this;
    }

    /** Only the history entries: a fact Base B learns late, whose current profile already moved on. */
    void writeHistoryOnly() {
        new ProfileHistory(baseB).record(history);
    }

    void write() throws IOException {
        if (!history.isEmpty()) {
            new ProfileHistory(baseB).record(history);
        }
        current.values().forEach(p -> baseB.getCollection(BaseBCollections.PROFILES).insertOne(ProfileCodec.document(p, Instant.now())));
        ratings.forEach(r -> baseB.getCollection(BaseBCollections.RATING_HISTORY).insertOne(RatingCodec.history(r)));
        if (!events.isEmpty()) {
            IndexTemplates.apply(elasticsearch, indices);
            List<BulkOperation> operations = events.stream().map(doc -> BulkOperation.of(b -> b.index(i -> i
                    .index(indices.eventsFor(Instant.parse((String) doc.get(EventFields.OCCURRED_AT))))
                    .id((String) doc.get(EventFields.EVENT_ID)).document(doc)))).toList();
            var response = elasticsearch.bulk(b -> b.operations(operations).refresh(Refresh.True));
            if (response.errors()) {
                throw new IllegalStateException("indexing the timeline's events failed: " + response.items().get(0).error());
            }
            elasticsearch.cluster().health(h -> h.index(indices.events()).waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("30s")));
        }
    }
}
