package io.consumidor.jobs.rating;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileWrites;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.SkipListener;

import java.util.Date;

/**
 * Records each skipped profile with its reason in {@code ratingSkips} ({@code _id = <subject>|<run>}, so a redo
 * records it once). Subjects are pseudonyms; the reason names a field, never a value from Base A. If the
 * subject was erased meanwhile (its profile is now a tombstone), the record is withdrawn again: erasure leaves
 * nothing of a subject behind.
 */
class SkipRecorder implements SkipListener<RatingCandidate, ScoredProfile> {

    private static final Logger log = LoggerFactory.getLogger(SkipRecorder.class);

    private final MongoCollection<Document> skips;
    private final MongoCollection<Document> profiles;
    private final String runId;

    SkipRecorder(MongoDatabase database, String runId) {
        this.skips = database.getCollection(BaseBCollections.RATING_SKIPS);
        this.profiles = database.getCollection(BaseBCollections.PROFILES);
        this.runId = runId;
    }

    @Override
    public void onSkipInProcess(RatingCandidate candidate, Throwable cause) {
        String subject = String.valueOf(candidate.profile().get("_id"));
        log.warn("rating: profile {} skipped: {}", subject, cause.getMessage());
        String id = subject + "|" + runId;
        skips.replaceOne(Filters.eq("_id", id), new Document("_id", id)
                .append(BaseBCollections.SUBJECT, subject).append("runId", runId).append("reason", cause.getMessage())
                .append("error", cause.getClass().getSimpleName()).append("at", new Date()), new ReplaceOptions().upsert(true));
        boolean stillLive = profiles.countDocuments(Filters.and(Filters.eq("_id", subject), ProfileWrites.live())) > 0;
        if (!stillLive) {
            skips.deleteOne(Filters.eq("_id", id));
        }
    }
}
