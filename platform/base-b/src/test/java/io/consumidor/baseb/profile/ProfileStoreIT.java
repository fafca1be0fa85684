package io.consumidor.baseb.profile;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestDatabase;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.ReportedFacts;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The profile write protocol against the stack's MongoDB-wire server: any delivery order, one result. */
class ProfileStoreIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static TestDatabase db;
    private static ProfileStore store;

    @BeforeAll
    static void open() {
        db = new TestDatabase("profile_store_it");
        store = new ProfileStore(db.get());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static ProfileStore.Result merge(String subject, ProfileGroup group, Fact<?> fact) {
        return store.apply(List.of(new ProfileStore.GuardedWrite(subject,
                upsert -> ProfileWrites.merge(subject, group, fact, Instant.now(), upsert)))).get(0);
    }

    private static Fact<DebtSummary> debts(int open, long version, Instant at) {
        return TestProfiles.fact(TestProfiles.debts(open, 0, 0), version, at);
    }

    private static ProfileDocument read(String subject) {
        Document doc = db.get().getCollection(BaseBCollections.PROFILES).find(Filters.eq("_id", subject)).first();
        return doc == null ? null : ProfileCodec.read(doc);
    }

    @Test
    void theHigherVersionWinsWhateverTheArrivalOrderAndTheTimestamps() {
        String subject = TestProfiles.subject();
        // Same occurred-at and then reversed timestamps: only the version decides.
        assertThat(merge(subject, ProfileGroup.DEBT_SUMMARY, debts(2, 5, T0)).outcome()).isEqualTo(ProfileStore.Outcome.APPLIED);
        assertThat(merge(subject, ProfileGroup.DEBT_SUMMARY, debts(1, 4, T0)).outcome()).isEqualTo(ProfileStore.Outcome.STALE);
        assertThat(merge(subject, ProfileGroup.DEBT_SUMMARY, debts(3, 3, T0.plusSeconds(3600))).outcome()).isEqualTo(ProfileStore.Outcome.STALE);
        assertThat(merge(subject, ProfileGroup.DEBT_SUMMARY, debts(9, 5, T0)).outcome()).as("same version again").isEqualTo(ProfileStore.Outcome.STALE);

        assertThat(read(subject).profile().debts().value().openCount()).isEqualTo(2);
    }

    @Test
    void groupsAreGuardedEachOnItsOwn() {
        String subject = TestProfiles.subject();
        Profile profile = TestProfiles.profile(subject, 3);
        merge(subject, ProfileGroup.DEBT_SUMMARY, debts(1, 8, T0));
        merge(subject, ProfileGroup.PERSONAL, TestProfiles.fact(profile.personal().value(), 6, T0));

        ProfileDocument doc = read(subject);
        assertThat(doc.profile().personal().value()).isEqualTo(profile.personal().value());
        assertThat(doc.profile().debts().sourceVersion()).isEqualTo(8);
    }

    @Test
    void anErasureRemovesTheFactsItCoversAndTurnsOlderOnesAway() {
        String subject = TestProfiles.subject();
        merge(subject, ProfileGroup.DEBT_SUMMARY, debts(1, 10, T0));
        merge(subject, ProfileGroup.REPORTED_FACTS, TestProfiles.fact(new ReportedFacts(BigDecimal.TEN, null, null, null, null),
                EventEnvelope.micros(T0), T0));

        store.erase(Map.of(subject, new Erasure(11, T0.plusSeconds(60), Instant.now())), Instant.now());

        assertThat(read(subject).isTombstone()).isTrue();
        // a late pre-erasure event of Base A, and a producer fact that occurred before the erasure
        assertThat(merge(subject, ProfileGroup.DEBT_SUMMARY, debts(5, 9, T0)).outcome()).isEqualTo(ProfileStore.Outcome.STALE);
        assertThat(merge(subject, ProfileGroup.REPORTED_FACTS, TestProfiles.fact(new ReportedFacts(BigDecimal.ONE, null, null, null, null),
                EventEnvelope.micros(T0.plusSeconds(30)), T0.plusSeconds(30))).outcome()).isEqualTo(ProfileStore.Outcome.STALE);
        assertThat(read(subject).isTombstone()).isTrue();
    }

    @Test
    void aConsumerRegisteredAgainAfterTheErasureHasItsNewFactsWin() {
        String subject = TestProfiles.subject();
        merge(subject, ProfileGroup.DEBT_SUMMARY, debts(1, 10, T0));
        store.erase(Map.of(subject, new Erasure(11, T0.plusSeconds(60), Instant.now())), Instant.now());

        // a new Base A row: its version comes from the same sequence, after the erasure's
        assertThat(merge(subject, ProfileGroup.DEBT_SUMMARY, debts(4, 12, T0.plusSeconds(120))).outcome()).isEqualTo(ProfileStore.Outcome.APPLIED);
        // ...while a late event of the erased row still loses
        assertThat(merge(subject, ProfileGroup.DEBT_SUMMARY, debts(7, 10, T0)).outcome()).isEqualTo(ProfileStore.Outcome.STALE);

        ProfileDocument doc = read(subject);
        assertThat(doc.isTombstone()).isFalse();
        assertThat(doc.profile().debts().value().openCount()).isEqualTo(4);
    }

    @Test
    void aLateErasureDoesNotRemoveFactsOfTheRegistrationThatFollowedIt() {
        String subject = TestProfiles.subject();
        merge(subject, ProfileGroup.DEBT_SUMMARY, debts(4, 12, T0.plusSeconds(120)));

        store.erase(Map.of(subject, new Erasure(11, T0.plusSeconds(60), Instant.now())), Instant.now());

        assertThat(read(subject).profile().debts().value().openCount()).isEqualTo(4);
    }

    @Test
    void erasureDeletesTheSubjectFromEveryOtherCollectionEvenOneAddedLater() {
        MongoDatabase database = db.get();
        String subject = TestProfiles.subject();
        String other = TestProfiles.subject();
        List<String> collections = new ArrayList<>(BaseBCollections.ALL.subList(1, BaseBCollections.ALL.size()));
        collections.add("someFutureCollection");
        for (String collection : collections) {
            database.getCollection(collection).insertMany(List.of(new Document(BaseBCollections.SUBJECT, subject),
                    new Document(BaseBCollections.SUBJECT, other)));
        }
        merge(subject, ProfileGroup.DEBT_SUMMARY, debts(1, 1, T0));

        store.erase(Map.of(subject, new Erasure(2, T0, Instant.now())), Instant.now());

        for (String collection : collections) {
            assertThat(database.getCollection(collection).countDocuments(Filters.eq(BaseBCollections.SUBJECT, subject))).as(collection).isZero();
            assertThat(database.getCollection(collection).countDocuments(Filters.eq(BaseBCollections.SUBJECT, other))).as(collection).isOne();
        }
    }

    @Test
    void expiredErasuresLeaveNothingOfTheSubject() {
        String subject = TestProfiles.subject();
        String again = TestProfiles.subject();
        merge(subject, ProfileGroup.DEBT_SUMMARY, debts(1, 1, T0));
        merge(again, ProfileGroup.DEBT_SUMMARY, debts(1, 1, T0));
        Instant erasedAt = Instant.now();
        store.erase(Map.of(subject, new Erasure(2, T0, erasedAt), again, new Erasure(2, T0, erasedAt)), erasedAt);
        merge(again, ProfileGroup.DEBT_SUMMARY, debts(6, 3, T0.plusSeconds(5)));

        store.expireErasures(erasedAt.plusMillis(1));

        assertThat(read(subject)).isNull();
        assertThat(read(again).erasure()).isNull();
        assertThat(read(again).profile().debts().value().openCount()).isEqualTo(6);
    }

    @Test
    void erasureIsRecordedInTheLedgerOnceAndOutlivesTheTombstoneUntilPruned() {
        MongoDatabase database = db.get();
        io.consumidor.baseb.erasure.ErasureLedger ledger = new io.consumidor.baseb.erasure.ErasureLedger(database);
        String subject = TestProfiles.subject();
        merge(subject, ProfileGroup.DEBT_SUMMARY, debts(1, 1, T0));
        Instant first = Instant.parse("2026-01-10T00:00:00Z");
        Instant erasedAt = T0.plusSeconds(30);

        store.erase(Map.of(subject, new Erasure(2, erasedAt, first)), first);
        // redelivered: the first recording time stays
        store.erase(Map.of(subject, new Erasure(2, erasedAt, first.plusSeconds(60))), first.plusSeconds(60));

        var entry = ledger.of(List.of(subject)).get(subject);
        assertThat(entry.erasedAt()).isEqualTo(erasedAt);
        assertThat(entry.recordedAt()).isEqualTo(first);
        assertThat(ledger.recordedAfter(first.minusMillis(1))).extracting(e -> e.subject()).contains(subject);
        assertThat(ledger.recordedAfter(first)).extracting(e -> e.subject()).doesNotContain(subject);
        // the ledger holds no subject field, so erasure's sweep over every collection leaves it
        assertThat(database.getCollection(BaseBCollections.ERASURE_LEDGER).countDocuments(Filters.exists(BaseBCollections.SUBJECT))).isZero();

        store.expireErasures(first.plusSeconds(3600));
        assertThat(read(subject)).isNull();
        assertThat(ledger.of(List.of(subject))).containsKey(subject);

        ledger.prune(first);
        assertThat(ledger.of(List.of(subject))).isEmpty();
    }
}
