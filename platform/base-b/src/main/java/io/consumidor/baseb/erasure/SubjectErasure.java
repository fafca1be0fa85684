package io.consumidor.baseb.erasure;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;

import java.util.Collection;
import java.util.List;

/**
 * Forgets subjects in every subject-keyed collection of Base B: every collection the database holds (not a
 * fixed list, so a collection added later cannot escape), by the contract's top-level {@code subject}
 * field. {@code profiles} is left to the router's erasure stamp, which keeps the document as a fact-free
 * tombstone so late, older events are turned away until the tombstone expires.
 */
public final class SubjectErasure {

    private SubjectErasure() {
    }

    /** Returns how many documents were deleted. */
    public static long deleteEverywhere(MongoDatabase database, Collection<String> subjects) {
        if (subjects.isEmpty()) {
            return 0;
        }
        List<String> all = List.copyOf(subjects);
        long deleted = 0;
        for (String collection : database.listCollectionNames()) {
            if (!collection.equals(BaseBCollections.PROFILES) && !collection.startsWith("system.")) {
                deleted += database.getCollection(collection).deleteMany(Filters.in(BaseBCollections.SUBJECT, all)).getDeletedCount();
            }
        }
        return deleted;
    }
}
