package io.consumidor.batch.rating;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.consumidor.batch.scorecard.Rating;
import org.bson.Document;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a chunk of ratings in two unordered bulk requests, idempotently, so a chunk redone after a crash
 * changes nothing twice:
 * <ol>
 *   <li>history first, one entry per <em>changed</em> outcome, with {@code _id = <subject>|<revision>} where
 *       revision = the current rating's + 1 — a redo finds the entry already there (duplicate key, ignored);</li>
 *   <li>then the current ratings ({@code _id} = subject), replaced only when the outcome or the inputs changed,
 *       carrying the revision — a redo after this step sees "unchanged" and writes nothing.</li>
 * </ol>
 * MongoDB writes are not in the job repository's transaction; this ordering is what makes that safe.
 */
class RatingWriter implements ItemWriter<ScoredProfile> {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> ratings;
    private final MongoCollection<Document> history;
    private final String runId;

    RatingWriter(MongoCollection<Document> ratings, MongoCollection<Document> history, String runId) {
        this.ratings = ratings;
        this.history = history;
        this.runId = runId;
    }

    @Override
    public void write(Chunk<? extends ScoredProfile> chunk) {
        List<String> subjects = chunk.getItems().stream().map(ScoredProfile::subject).toList();
        Map<String, Document> current = new HashMap<>();
        ratings.find(Filters.in("_id", subjects)).forEach(doc -> current.put(doc.getString("_id"), doc));
        List<WriteModel<Document>> historyWrites = new ArrayList<>();
        List<WriteModel<Document>> ratingWrites = new ArrayList<>();
        Date now = new Date();
        for (ScoredProfile scored : chunk.getItems()) {
            Document existing = current.get(scored.subject());
            Rating rating = scored.rating();
            boolean changed = existing == null || !RatingDocuments.rating(existing).sameOutcomeAs(rating);
            boolean sameInputs = existing != null && rating.inputsFingerprint().equals(existing.getString("inputsFingerprint"));
            if (!changed && sameInputs) {
                continue;
            }
            long revision = existing == null ? 1 : existing.get("revision", Number.class).longValue() + (changed ? 1 : 0);
            if (changed) {
                historyWrites.add(new InsertOneModel<>(RatingDocuments.document(rating)
                        .append("_id", scored.subject() + "|" + revision).append("subject", scored.subject())
                        .append("revision", revision).append("ratedAt", now).append("runId", runId)));
            }
            ratingWrites.add(new ReplaceOneModel<>(Filters.eq("_id", scored.subject()), RatingDocuments.document(rating)
                    .append("_id", scored.subject()).append("subject", scored.subject()).append("revision", revision)
                    .append("ratedAt", now).append("runId", runId), new ReplaceOptions().upsert(true)));
        }
        bulk(history, historyWrites, true);
        bulk(ratings, ratingWrites, false);
    }

    private static void bulk(MongoCollection<Document> collection, List<WriteModel<Document>> writes, boolean duplicatesDone) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyRedone = duplicatesDone && e.getWriteErrors().stream().allMatch(error -> error.getCode() == DUPLICATE_KEY);
            if (!onlyRedone) {
                throw e;
            }
        }
    }
}
