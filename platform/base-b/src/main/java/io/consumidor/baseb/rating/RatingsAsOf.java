package io.consumidor.baseb.rating;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.consumidor.baseb.BaseBCollections;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The rating in force at an instant: per subject, the highest revision of {@code ratingHistory} whose
 * {@code ratedAt} (the start of its validity) is at or before it. A rating computed after T never shows in a
 * view as of T, even when it was computed from facts true before T. Read as one cursor per subject range in
 * {@code _id} (= subject) order, so a job walks it alongside its scan of the same range instead of asking per page.
 */
public final class RatingsAsOf implements AutoCloseable {

    private final MongoCursor<Document> cursor;
    private Document pending;

    /** The ratings in force at {@code instant} of the subjects in {@code [fromSubject, toSubject)} (null bounds are open). */
    public RatingsAsOf(MongoDatabase database, String fromSubject, String toSubject, Instant instant) {
        MongoCollection<Document> history = database.getCollection(BaseBCollections.RATING_HISTORY);
        List<Bson> terms = new ArrayList<>();
        if (fromSubject != null) {
            terms.add(Filters.gte("_id", fromSubject));
        }
        if (toSubject != null) {
            terms.add(Filters.lt("_id", toSubject));
        }
        terms.add(Filters.lte(RatingCodec.RATED_AT, Date.from(instant)));
        this.cursor = history.find(Filters.and(terms)).sort(Sorts.ascending("_id")).batchSize(1000).iterator();
    }

    /** The rating of one subject in force at {@code instant}, or null: a single lookup's read, by the subject index. */
    public static RatingRecord of(MongoDatabase database, String subject, Instant instant) {
        RatingRecord newest = null;
        for (Document doc : database.getCollection(BaseBCollections.RATING_HISTORY)
                .find(Filters.and(Filters.eq(BaseBCollections.SUBJECT, subject), Filters.lte(RatingCodec.RATED_AT, Date.from(instant))))) {
            RatingRecord rating = RatingCodec.read(doc);
            newest = newest == null || rating.revision() > newest.revision() ? rating : newest;
        }
        return newest;
    }

    /**
     * The rating of {@code subject} in force at the instant, or null. Subjects must be asked in ascending order;
     * ratings of subjects skipped over are passed by.
     */
    public RatingRecord of(String subject) {
        RatingRecord newest = null;
        while (true) {
            if (pending == null) {
                if (!cursor.hasNext()) {
                    return newest;
                }
                pending = cursor.next();
            }
            int order = pending.getString(BaseBCollections.SUBJECT).compareTo(subject);
            if (order > 0) {
                return newest;
            }
            if (order == 0) {
                RatingRecord rating = RatingCodec.read(pending);
                newest = newest == null || rating.revision() > newest.revision() ? rating : newest;
            }
            pending = null;
        }
    }

    @Override
    public void close() {
        cursor.close();
    }
}
