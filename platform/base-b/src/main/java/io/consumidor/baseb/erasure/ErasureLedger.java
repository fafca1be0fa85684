package io.consumidor.baseb.erasure;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.consumidor.baseb.BaseBCollections;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger of erased subjects ({@link BaseBCollections#ERASURE_LEDGER}): one entry per subject, its erasure's
 * occurred-at and when Base B recorded it. Tombstones in {@code profiles} expire once no late event can arrive;
 * the ledger stays until every stored dataset run has been checked past the entry, because a Parquet run written
 * before the erasure still holds the subject's row. An entry holds the Base B subject (itself a keyed pseudonym
 * of the CPF) and two instants — no fact about the person.
 */
public final class ErasureLedger {

    public static final String ERASED_AT = "erasedAt";
    public static final String RECORDED_AT = "recordedAt";

    /** One erased subject. */
    public record Entry(String subject, Instant erasedAt, Instant recordedAt) {
    }

    private final MongoCollection<Document> entries;

    public ErasureLedger(MongoDatabase database) {
        this.entries = database.getCollection(BaseBCollections.ERASURE_LEDGER);
    }

    /**
     * Records erasures (subject → occurred-at). Idempotent: a redelivered erasure keeps the first recording
     * time, and a later erasure of a re-registered subject moves both instants forward.
     */
    public void record(Map<String, Instant> erasedAt, Instant now) {
        if (erasedAt.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        erasedAt.forEach((subject, at) -> writes.add(new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", subject), Filters.or(Filters.exists(ERASED_AT, false), Filters.lt(ERASED_AT, Date.from(at)))),
                Updates.combine(Updates.set(ERASED_AT, Date.from(at)), Updates.set(RECORDED_AT, Date.from(now))),
                new UpdateOptions().upsert(true))));
        try {
            entries.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            // A duplicate key means the subject has an entry at least as recent: already recorded.
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw e;
            }
        }
    }

    /** The entries of those subjects that have one. */
    public Map<String, Entry> of(Collection<String> subjects) {
        Map<String, Entry> found = new HashMap<>();
        if (subjects.isEmpty()) {
            return found;
        }
        entries.find(Filters.in("_id", List.copyOf(subjects))).forEach(doc -> {
            Entry entry = entry(doc);
            found.put(entry.subject(), entry);
        });
        return found;
    }

    /** Entries recorded after {@code after}, oldest first. */
    public List<Entry> recordedAfter(Instant after) {
        List<Entry> found = new ArrayList<>();
        entries.find(Filters.gt(RECORDED_AT, Date.from(after))).sort(Sorts.ascending(RECORDED_AT)).forEach(doc -> found.add(entry(doc)));
        return found;
    }

    /** Deletes the entries recorded at or before {@code through}; returns how many. */
    public long prune(Instant through) {
        return entries.deleteMany(Filters.lte(RECORDED_AT, Date.from(through))).getDeletedCount();
    }

    public long size() {
        return entries.countDocuments();
    }

    private static Entry entry(Document doc) {
        return new Entry(doc.getString("_id"), doc.getDate(ERASED_AT).toInstant(), doc.getDate(RECORDED_AT).toInstant());
    }
}
