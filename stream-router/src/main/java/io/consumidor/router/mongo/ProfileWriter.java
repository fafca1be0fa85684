package io.consumidor.router.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.consumidor.router.routes.RouteDefinitions.Destination;
import io.consumidor.router.routes.Sink;
import io.consumidor.router.routes.WriteMode;
import io.consumidor.router.routing.DestinationWriter;
import io.consumidor.router.routing.RoutedEvent;
import org.bson.Document;
import org.bson.conversions.Bson;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base B: one profile document per subject ({@code _id} = subject), made of groups — {@code profile},
 * {@code debtSummary}, {@code reportedFacts} … — each stamped with the sequence (occurred-at, µs) of the event
 * that wrote it. A group is replaced only by a newer event, so out-of-order and repeated deliveries converge
 * on the newest state; each group is guarded on its own, so a late debt summary neither loses to nor
 * clobbers a newer profile. Erasure replaces the document with a tombstone holding only the erasure's
 * sequence (no facts), which also turns away older events still in flight, and deletes the subject's ratings.
 *
 * <p>The guard is an upsert whose filter only matches an older (or missing) group. When the document exists
 * but is newer, the filter misses and the upsert's insert hits the {@code _id}: a duplicate-key error, which
 * here means "stale". Because two upserts of one new subject can also collide that way, a duplicate key is
 * re-checked once as a plain update before the event is counted as stale. Works on MongoDB and on
 * mongo-java-server alike (no transactions, no pipeline updates).
 */
public final class ProfileWriter implements DestinationWriter {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoDatabase database;
    private final String ratingsCollection;
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();

    public ProfileWriter(MongoDatabase database, String ratingsCollection) {
        this.database = database;
        this.ratingsCollection = ratingsCollection;
    }

    @Override
    public Sink sink() {
        return Sink.MONGODB;
    }

    /** Indexes the batch jobs and erasure rely on; idempotent, called at start-up per collection. */
    public void ensureIndexes(String collection) {
        if (indexed.add(collection)) {
            database.getCollection(collection).createIndex(Indexes.ascending("updatedAt"), new IndexOptions().name("updatedAt"));
            database.getCollection(ratingsCollection).createIndex(Indexes.ascending("subject"), new IndexOptions().name("subject"));
        }
    }

    @Override
    public Map<Integer, WriteFailure> write(Destination destination, List<RoutedEvent> events) {
        ensureIndexes(destination.target());
        MongoCollection<Document> collection = database.getCollection(destination.target());
        // Per subject only the newest event of the batch matters for this destination.
        Map<String, RoutedEvent> newest = new LinkedHashMap<>();
        events.forEach(e -> newest.merge(e.subject(), e, (a, b) -> b.sequence() > a.sequence() ? b : a));
        List<RoutedEvent> writes = new ArrayList<>(newest.values());
        List<WriteModel<Document>> models = writes.stream().map(e -> model(destination, e, true)).toList();
        Map<Integer, WriteFailure> failures = new LinkedHashMap<>();
        List<RoutedEvent> recheck = new ArrayList<>();
        for (BulkWriteError error : bulk(collection, models)) {
            RoutedEvent event = writes.get(error.getIndex());
            if (error.getCode() == DUPLICATE_KEY) {
                recheck.add(event);
            } else {
                failures.put(event.index(), failure(error));
            }
        }
        if (!recheck.isEmpty()) {
            List<BulkWriteError> errors = bulk(collection, recheck.stream().map(e -> model(destination, e, false)).toList());
            errors.forEach(error -> failures.put(recheck.get(error.getIndex()).index(), failure(error)));
        }
        if (destination.mode() == WriteMode.ERASE) {
            List<String> erased = writes.stream().map(RoutedEvent::subject).toList();
            database.getCollection(ratingsCollection).deleteMany(Filters.in("subject", erased));
        }
        // Older events of a subject share the fate of the newest one written for it.
        Map<String, WriteFailure> bySubject = new LinkedHashMap<>();
        writes.forEach(w -> {
            WriteFailure f = failures.get(w.index());
            if (f != null) {
                bySubject.put(w.subject(), f);
            }
        });
        Map<Integer, WriteFailure> all = new LinkedHashMap<>();
        events.forEach(e -> {
            WriteFailure f = bySubject.get(e.subject());
            if (f != null) {
                all.put(e.index(), f);
            }
        });
        return all;
    }

    private static List<BulkWriteError> bulk(MongoCollection<Document> collection, List<WriteModel<Document>> models) {
        if (models.isEmpty()) {
            return List.of();
        }
        try {
            collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
            return List.of();
        } catch (MongoBulkWriteException e) {
            return e.getWriteErrors();
        }
    }

    private static WriteFailure failure(BulkWriteError error) {
        // 121: document validation; 2/9/14: bad value/type — retrying the same document cannot help.
        boolean hopeless = error.getCode() == 121 || error.getCode() == 2 || error.getCode() == 9 || error.getCode() == 14;
        return new WriteFailure(hopeless ? "document-rejected" : "store-unavailable",
                new IllegalStateException("MongoDB write error " + error.getCode() + ": " + error.getMessage()), !hopeless);
    }

    private static WriteModel<Document> model(Destination destination, RoutedEvent event, boolean upsert) {
        long sequence = event.sequence();
        Bson notErasedLater = Filters.or(Filters.exists("erased", false), Filters.lt("erased.seq", sequence));
        if (destination.mode() == WriteMode.ERASE) {
            Document tombstone = new Document("_id", event.subject())
                    .append("erased", new Document("seq", sequence).append("at", Date.from(event.envelope().occurredAt())))
                    .append("updatedAt", new Date());
            return new ReplaceOneModel<>(Filters.and(Filters.eq("_id", event.subject()), notErasedLater), tombstone,
                    new ReplaceOptions().upsert(upsert));
        }
        String group = destination.group();
        Bson filter = Filters.and(Filters.eq("_id", event.subject()), notErasedLater,
                Filters.or(Filters.exists(group, false), Filters.lt(group + ".seq", sequence)));
        Document content = groupContent(destination.fields(), event.envelope().payload())
                .append("seq", sequence)
                .append("occurredAt", Date.from(event.envelope().occurredAt()))
                .append("eventId", event.envelope().eventId().toString());
        return new UpdateOneModel<>(filter, Updates.combine(Updates.set(group, content), Updates.set("updatedAt", new Date()),
                Updates.unset("erased")), new UpdateOptions().upsert(upsert));
    }

    private static Document groupContent(List<String> fields, JsonNode payload) {
        if (fields.size() == 1 && payload.get(fields.get(0)) != null && payload.get(fields.get(0)).isObject()) {
            return Document.parse(payload.get(fields.get(0)).toString());
        }
        Document all = Document.parse(payload.toString());
        Document content = new Document();
        all.forEach((name, value) -> {
            if ((fields.isEmpty() && !name.equals("sourceVersion")) || fields.contains(name)) {
                content.append(name, value);
            }
        });
        return content;
    }
}
