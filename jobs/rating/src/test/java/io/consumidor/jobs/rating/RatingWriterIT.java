package io.consumidor.jobs.rating;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.profile.Erasure;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.profile.ProfileStore;
import io.consumidor.scorecard.Rating;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The rating writer and an erasure that lands between the read of a profile and the write of its rating. */
class RatingWriterIT {

    private final MongoClient client = MongoClients.create(TestStack.env().mongoUri());
    private final MongoDatabase db = client.getDatabase("rating_writer_it_" + UUID.randomUUID().toString().substring(0, 8));

    @AfterEach
    void drop() {
        db.drop();
        client.close();
    }

    private static ScoredProfile scored(String subject, long version) {
        return new ScoredProfile(subject, new Rating(640, "LOW_RISK", List.of(), "consumidor-scorecard-1.1", "f".repeat(32)),
                Map.of(ProfileGroup.PERSONAL, version, ProfileGroup.DEBT_SUMMARY, version));
    }

    @Test
    void aRatingOfAProfileErasedWhileTheRunHeldItIsNotLeftBehind() throws Exception {
        String erased = TestProfiles.subject();
        String kept = TestProfiles.subject();
        db.getCollection(BaseBCollections.PROFILES).insertMany(List.of(TestProfiles.document(TestProfiles.profile(erased, 1)),
                TestProfiles.document(TestProfiles.profile(kept, 2))));
        // The run has read both profiles (version 1); now the router erases one of them.
        new ProfileStore(db).erase(Map.of(erased, new Erasure(2, Instant.now(), Instant.now())), Instant.now());

        new RatingWriter(db, "ratingRecompute#1", LocalDate.of(2026, 11, 23), Clock.systemUTC())
                .write(new Chunk<>(List.of(scored(erased, 1), scored(kept, 1))));

        for (String collection : List.of(BaseBCollections.RATINGS, BaseBCollections.RATING_HISTORY)) {
            assertThat(db.getCollection(collection).countDocuments(Filters.eq(BaseBCollections.SUBJECT, erased))).as(collection).isZero();
            assertThat(db.getCollection(collection).countDocuments(Filters.eq(BaseBCollections.SUBJECT, kept))).as(collection).isOne();
        }
    }

    @Test
    void aRatingOfTheRegistrationThatFollowedAnErasureStays() throws Exception {
        String subject = TestProfiles.subject();
        new ProfileStore(db).erase(Map.of(subject, new Erasure(5, Instant.now(), Instant.now())), Instant.now());

        new RatingWriter(db, "ratingRecompute#2", LocalDate.of(2026, 11, 23), Clock.systemUTC())
                .write(new Chunk<>(List.of(scored(subject, 6))));

        assertThat(db.getCollection(BaseBCollections.RATINGS).countDocuments(Filters.eq(BaseBCollections.SUBJECT, subject))).isOne();
    }
}
