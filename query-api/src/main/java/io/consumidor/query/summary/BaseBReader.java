package io.consumidor.query.summary;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.baseb.rating.RatingRecord;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Optional;

/** What the summary reads of Base B: whether the consumer is known (and not erased), and the current rating. */
@Component
class BaseBReader {

    /** Known, erased (a tombstone), or never seen. */
    enum Presence { KNOWN, ERASED, ABSENT }

    record Answer(Presence presence, Optional<RatingRecord> rating) {
    }

    private final MongoDatabase database;

    BaseBReader(MongoDatabase database) {
        this.database = database;
    }

    Answer read(String subject) {
        Document profile = database.getCollection(BaseBCollections.PROFILES).find(Filters.eq("_id", subject)).first();
        if (profile == null) {
            return new Answer(Presence.ABSENT, Optional.empty());
        }
        // A tombstone holds no fact group (ProfileWrites.tombstone()): the consumer was erased.
        if (Arrays.stream(ProfileGroup.values()).noneMatch(group -> profile.containsKey(group.fieldName()))) {
            return new Answer(Presence.ERASED, Optional.empty());
        }
        Document rating = database.getCollection(BaseBCollections.RATINGS).find(Filters.eq("_id", subject)).first();
        return new Answer(Presence.KNOWN, Optional.ofNullable(rating).map(RatingCodec::read));
    }
}
