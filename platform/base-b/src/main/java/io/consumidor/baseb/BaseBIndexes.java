package io.consumidor.baseb;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.consumidor.baseb.erasure.ErasureLedger;
import io.consumidor.baseb.profile.ProfileFields;

/**
 * The indexes Base B's readers and erasure rely on; idempotent, so every writer creates them at start-up.
 * History and ratings are read by {@code _id} ranges (their ids start with the subject), which the
 * {@code _id} index serves on MongoDB; the subject indexes serve erasure and per-subject reads.
 */
public final class BaseBIndexes {

    private BaseBIndexes() {
    }

    public static void ensure(MongoDatabase database) {
        database.getCollection(BaseBCollections.PROFILES)
                .createIndex(Indexes.ascending(ProfileFields.UPDATED_AT), new IndexOptions().name(ProfileFields.UPDATED_AT));
        database.getCollection(BaseBCollections.ERASURE_LEDGER)
                .createIndex(Indexes.ascending(ErasureLedger.RECORDED_AT), new IndexOptions().name(ErasureLedger.RECORDED_AT));
        for (String collection : new String[]{BaseBCollections.PROFILE_HISTORY, BaseBCollections.RATINGS,
                BaseBCollections.RATING_HISTORY, BaseBCollections.RATING_SKIPS}) {
            database.getCollection(collection)
                    .createIndex(Indexes.ascending(BaseBCollections.SUBJECT), new IndexOptions().name(BaseBCollections.SUBJECT));
        }
    }
}
