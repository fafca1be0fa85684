package io.consumidor.jobs.rating;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.Erasure;
import io.consumidor.baseb.profile.ProfileStore;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.scorecard.Rating;
import org.bson.Document;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
 *
 * <p>Then the erasure check: a run overlapping an erasure may have read a profile just before the router
 * erased it. After writing, the chunk's subjects are looked up for an erasure stamp; what was written from
 * facts that erasure removed is deleted again. Either the erasure's own delete comes after this chunk's
 * writes (and removes them), or its stamp is already there when this check reads it — nothing stays.
 */
class RatingWriter implements ItemWriter<ScoredProfile> {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> ratings;
    private final MongoCollection<Document> history;
    private final ProfileStore profiles;
    private final String runId;
    private final LocalDate runDate;
    private final Clock clock;

    RatingWriter(MongoDatabase database, String runId, LocalDate runDate, Clock clock) {
        this.ratings = database.getCollection(BaseBCollections.RATINGS);
        this.history = database.getCollection(BaseBCollections.RATING_HISTORY);
        this.profiles = new ProfileStore(database);
        this.runId = runId;
        this.runDate = runDate;
        this.clock = clock;
    }

    @Override
    public void write(Chunk<? extends ScoredProfile> chunk) {
        List<String> subjects = chunk.getItems().stream().map(ScoredProfile::subject).toList();
        Map<String, RatingRecord> current = new HashMap<>();
        ratings.find(Filters.in("_id", subjects)).forEach(doc -> current.put(doc.getString("_id"), RatingCodec.read(doc)));
        List<WriteModel<Document>> historyWrites = new ArrayList<>();
        List<WriteModel<Document>> ratingWrites = new ArrayList<>();
        List<RatingRecord> written = new ArrayList<>();
        Instant now = clock.instant();
        for (ScoredProfile scored : chunk.getItems()) {
            RatingRecord existing = current.get(scored.subject());
            Rating rating = scored.rating();
            boolean changed = existing == null || !sameOutcome(existing, rating);
            boolean sameInputs = existing != null && rating.inputsFingerprint().equals(existing.inputsFingerprint());
            if (!changed && sameInputs) {
                continue;
            }
            long revision = existing == null ? 1 : existing.revision() + (changed ? 1 : 0);
            RatingRecord record = record(scored, revision, now);
            if (changed) {
                historyWrites.add(new InsertOneModel<>(RatingCodec.history(record)));
            }
            ratingWrites.add(new ReplaceOneModel<>(Filters.eq("_id", scored.subject()), RatingCodec.current(record),
                    new ReplaceOptions().upsert(true)));
            written.add(record);
        }
        bulk(history, historyWrites, true);
        bulk(ratings, ratingWrites, false);
        withdrawErased(written);
    }

    private RatingRecord record(ScoredProfile scored, long revision, Instant now) {
        Rating rating = scored.rating();
        return new RatingRecord(scored.subject(), rating.score(), rating.band(), rating.reasons().stream()
                .map(r -> new RatingRecord.Reason(r.code(), r.characteristic(), r.text(), r.pointsLost(), r.missing())).toList(),
                rating.modelVersion(), rating.inputsFingerprint(), revision, now, runDate, runId, scored.basis());
    }

    private static boolean sameOutcome(RatingRecord stored, Rating rating) {
        return stored.score() == rating.score() && stored.band().equals(rating.band()) && stored.modelVersion().equals(rating.modelVersion())
                && stored.reasons().equals(rating.reasons().stream()
                .map(r -> new RatingRecord.Reason(r.code(), r.characteristic(), r.text(), r.pointsLost(), r.missing())).toList());
    }

    /** Deletes what this chunk wrote from facts an erasure has removed meanwhile. */
    private void withdrawErased(List<RatingRecord> written) {
        if (written.isEmpty()) {
            return;
        }
        Map<String, Erasure> erasures = profiles.erasures(written.stream().map(RatingRecord::subject).toList());
        for (RatingRecord record : written) {
            Erasure erasure = erasures.get(record.subject());
            if (erasure != null && record.predates(erasure)) {
                ratings.deleteOne(Filters.and(Filters.eq("_id", record.subject()), Filters.eq(RatingCodec.RUN_ID, runId)));
                history.deleteOne(Filters.eq("_id", RatingCodec.historyId(record.subject(), record.revision())));
            }
        }
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
