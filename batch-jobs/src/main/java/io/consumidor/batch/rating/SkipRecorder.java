package io.consumidor.batch.rating;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.SkipListener;

import java.util.Date;

/**
 * Records each skipped profile with its reason in {@code ratingSkips} ({@code _id = <subject>|<run>}, so a redo
 * records it once). Subjects are pseudonyms; the reason names a field, never a value from Base A.
 */
class SkipRecorder implements SkipListener<Document, ScoredProfile> {

    private static final Logger log = LoggerFactory.getLogger(SkipRecorder.class);

    private final MongoCollection<Document> skips;
    private final String runId;

    SkipRecorder(MongoCollection<Document> skips, String runId) {
        this.skips = skips;
        this.runId = runId;
    }

    @Override
    public void onSkipInProcess(Document profile, Throwable cause) {
        String subject = String.valueOf(profile.get("_id"));
        log.warn("rating: profile {} skipped: {}", subject, cause.getMessage());
        skips.replaceOne(Filters.eq("_id", subject + "|" + runId), new Document("_id", subject + "|" + runId)
                .append("subject", subject).append("runId", runId).append("reason", cause.getMessage())
                .append("error", cause.getClass().getSimpleName()).append("at", new Date()), new ReplaceOptions().upsert(true));
    }
}
