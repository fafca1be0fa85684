package io.consumidor.baseb.profile;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.erasure.ErasureLedger;
import io.consumidor.baseb.erasure.SubjectErasure;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies {@link ProfileWrites} to {@code profiles} in bulk and says, write by write, whether it was applied,
 * turned away as stale (or covered by an erasure), or failed. Also the erasure sequence and the expiry of
 * erasure tombstones. Works on MongoDB and mongo-java-server alike.
 */
public final class ProfileStore {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoDatabase database;
    private final MongoCollection<Document> profiles;
    private final ErasureLedger ledger;

    public ProfileStore(MongoDatabase database) {
        this.database = database;
        this.ledger = new ErasureLedger(database);
        this.profiles = database.getCollection(BaseBCollections.PROFILES);
    }

    /** A guarded write of one subject's document, built as an upsert or, for the re-check, a plain update. */
    public record GuardedWrite(String subject, Function<Boolean, UpdateOneModel<Document>> model) {
    }

    public enum Outcome { APPLIED, STALE, FAILED }

    /** @param error the store's error for a failed write (null otherwise) */
    public record Result(Outcome outcome, BulkWriteError error) {
    }

    /**
     * Applies the writes (one unordered bulk of upserts); results are in the writes' order. A duplicate key
     * (the filter missed an existing document) is re-checked once as a plain update: applied if it matches
     * now (two first inserts of one subject collided), stale otherwise.
     */
    public List<Result> apply(List<GuardedWrite> writes) {
        List<Result> results = new ArrayList<>(writes.size());
        writes.forEach(w -> results.add(new Result(Outcome.APPLIED, null)));
        for (BulkWriteError error : bulk(writes.stream().map(w -> (WriteModel<Document>) w.model().apply(true)).toList())) {
            int index = error.getIndex();
            if (error.getCode() == DUPLICATE_KEY) {
                UpdateOneModel<Document> update = writes.get(index).model().apply(false);
                try {
                    boolean matched = profiles.updateOne(update.getFilter(), update.getUpdate()).getMatchedCount() == 1;
                    results.set(index, new Result(matched ? Outcome.APPLIED : Outcome.STALE, null));
                } catch (com.mongodb.MongoWriteException e) {
                    results.set(index, new Result(Outcome.FAILED, new BulkWriteError(e.getCode(), e.getMessage(), new org.bson.BsonDocument(), index)));
                }
            } else {
                results.set(index, new Result(Outcome.FAILED, error));
            }
        }
        return results;
    }

    private List<BulkWriteError> bulk(List<WriteModel<Document>> models) {
        if (models.isEmpty()) {
            return List.of();
        }
        try {
            profiles.bulkWrite(models, new BulkWriteOptions().ordered(false));
            return List.of();
        } catch (MongoBulkWriteException e) {
            return e.getWriteErrors();
        }
    }

    /**
     * Erases subjects: records them in the {@link ErasureLedger} (what stored datasets are cleaned against), stamps each erasure (turning older events away from here on), removes the groups it
     * covers, then deletes the subjects from every other collection of Base B. Every step is idempotent; a
     * failure leaves a state the same erasure, redelivered, completes.
     *
     * @return the stamp results, in the erasures' order
     */
    public List<Result> erase(Map<String, Erasure> erasures, Instant now) {
        List<String> subjects = List.copyOf(erasures.keySet());
        Map<String, Instant> erasedAt = new HashMap<>();
        erasures.forEach((subject, erasure) -> erasedAt.put(subject, erasure.occurredAt()));
        ledger.record(erasedAt, now);
        List<Result> stamped = apply(subjects.stream()
                .map(s -> new GuardedWrite(s, upsert -> ProfileWrites.erasureStamp(s, erasures.get(s), now, upsert))).toList());
        List<WriteModel<Document>> removals = new ArrayList<>();
        erasures.forEach((subject, erasure) -> removals.addAll(ProfileWrites.removeCovered(subject, erasure, now)));
        List<BulkWriteError> errors = bulk(removals);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("erasure: removing facts failed: " + errors.get(0).getMessage());
        }
        SubjectErasure.deleteEverywhere(database, subjects);
        return stamped;
    }

    /** The erasure stamps of those subjects that have one. */
    public Map<String, Erasure> erasures(Collection<String> subjects) {
        Map<String, Erasure> found = new HashMap<>();
        if (subjects.isEmpty()) {
            return found;
        }
        profiles.find(Filters.and(Filters.in("_id", List.copyOf(subjects)), Filters.exists(ProfileFields.ERASURE, true)))
                .projection(Projections.include(ProfileFields.ERASURE))
                .forEach(doc -> found.put(doc.getString("_id"), ProfileCodec.read(doc).erasure()));
        return found;
    }

    /**
     * Forgets erasures recorded before {@code before}: tombstones are deleted, and re-registered subjects lose
     * the stamp. Run once no event older than those erasures can still be delivered (SQS keeps a message 14
     * days at most). Returns how many documents were deleted or changed.
     */
    public long expireErasures(Instant before) {
        Bson old = Filters.lt(ProfileFields.ERASURE + "." + ProfileFields.RECORDED_AT, Date.from(before));
        long deleted = profiles.deleteMany(Filters.and(old, ProfileWrites.tombstone())).getDeletedCount();
        long unset = profiles.updateMany(old, Updates.unset(ProfileFields.ERASURE)).getModifiedCount();
        return deleted + unset;
    }
}
