package io.consumidor.baseb.rating;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * The rating in force at an instant: per subject, the highest revision of {@code ratingHistory} whose
 * {@code ratedAt} (the start of its validity) is at or before it. A rating computed after T never shows in a
 * view as of T, even when it was computed from facts true before T. One query per range of subjects.
 */
public final class RatingsAsOf {

    private final MongoCollection<Document> history;

    public RatingsAsOf(MongoDatabase database) {
        this.history = database.getCollection(BaseBCollections.RATING_HISTORY);
    }

    /** The ratings in force at {@code instant} of the subjects in {@code [fromSubject, toSubject]} (both inclusive). */
    public Map<String, RatingRecord> between(String fromSubject, String toSubject, Instant instant) {
        Map<String, RatingRecord> ratings = new HashMap<>();
        history.find(Filters.and(Filters.gte("_id", fromSubject), Filters.lt("_id", toSubject + "|~"),
                        Filters.lte(RatingCodec.RATED_AT, Date.from(instant))))
                .forEach(doc -> {
                    RatingRecord rating = RatingCodec.read(doc);
                    ratings.merge(rating.subject(), rating, (a, b) -> b.revision() > a.revision() ? b : a);
                });
        return ratings;
    }
}
