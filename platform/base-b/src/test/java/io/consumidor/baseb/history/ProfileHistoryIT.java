package io.consumidor.baseb.history;

import io.consumidor.baseb.fixtures.TestDatabase;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.ReportedFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The as-of reader against the stack's MongoDB-wire server: bitemporal, out of order, late-recorded. */
class ProfileHistoryIT {

    private static final Instant JAN = Instant.parse("2026-01-15T12:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-15T12:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-15T12:00:00Z");
    private static final Instant APR = Instant.parse("2026-04-15T12:00:00Z");

    private static TestDatabase db;
    private static ProfileHistory history;

    @BeforeAll
    static void open() {
        db = new TestDatabase("history_it");
        history = new ProfileHistory(db.get());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static <T> Fact<T> fact(T value, long version, Instant occurred, Instant recorded) {
        return new Fact<>(value, version, occurred, recorded, UUID.randomUUID().toString());
    }

    private static HistoryEntry debts(String subject, int open, long version, Instant occurred, Instant recorded) {
        return new HistoryEntry(subject, ProfileGroup.DEBT_SUMMARY, fact(TestProfiles.debts(open, 0, 0), version, occurred, recorded));
    }

    @Test
    void asOfAnInstantTakesTheNewestFactThatWasBothTrueAndKnownThen() {
        String subject = TestProfiles.subject();
        history.record(List.of(
                debts(subject, 1, 10, JAN, JAN),
                // true since February, but Base B only learned it in April (back-filled): not known in March
                debts(subject, 2, 20, FEB, APR),
                debts(subject, 3, 30, MAR, MAR)));

        assertThat(open(history.asOf(subject, FEB.plusSeconds(60)).orElseThrow())).isEqualTo(1);
        assertThat(open(history.asOf(subject, MAR.plusSeconds(60)).orElseThrow())).isEqualTo(3);
        assertThat(history.asOf(subject, JAN.minusSeconds(1))).isEmpty();
    }

    @Test
    void aLateOlderUpdateIsKeptAtItsOwnTimeAndNeverWinsOverANewerVersion() {
        String subject = TestProfiles.subject();
        history.record(List.of(debts(subject, 5, 50, MAR, MAR)));
        // arrives later, about an earlier state: kept, visible for instants when it was the newest known
        history.record(List.of(debts(subject, 4, 40, FEB, FEB)));

        assertThat(open(history.asOf(subject, FEB.plusSeconds(1)).orElseThrow())).isEqualTo(4);
        assertThat(open(history.asOf(subject, APR).orElseThrow())).isEqualTo(5);
        assertThat(history.entries(subject)).hasSize(2);
    }

    @Test
    void versionsOrderFactsNotTheirClocks() {
        String subject = TestProfiles.subject();
        // Same occurred-at, reversed arrival: the higher Base A version is the later state.
        history.record(List.of(debts(subject, 7, 71, FEB, FEB), debts(subject, 6, 70, FEB, FEB)));

        assertThat(open(history.asOf(subject, MAR).orElseThrow())).isEqualTo(7);
    }

    @Test
    void recordingTwiceStoresOnceAndKeepsTheFirstRecordedAt() {
        String subject = TestProfiles.subject();
        HistoryEntry first = debts(subject, 1, 10, JAN, JAN);
        HistoryEntry redelivered = new HistoryEntry(subject, ProfileGroup.DEBT_SUMMARY,
                new Fact<>(first.fact().value(), 10, JAN, MAR, first.fact().eventId()));

        assertThat(history.record(List.of(first))).isEmpty();
        assertThat(history.record(List.of(redelivered))).isEmpty();

        assertThat(history.entries(subject)).singleElement()
                .satisfies(e -> assertThat(e.fact().recordedAt()).isEqualTo(JAN));
    }

    @Test
    void producerFactsWithEqualTimesAreKeptApartByEventId() {
        String subject = TestProfiles.subject();
        ReportedFacts income = new ReportedFacts(new BigDecimal("3000"), null, null, null, null);
        long micros = io.consumidor.core.event.EventEnvelope.micros(FEB);
        history.record(List.of(new HistoryEntry(subject, ProfileGroup.REPORTED_FACTS, fact(income, micros, FEB, FEB)),
                new HistoryEntry(subject, ProfileGroup.REPORTED_FACTS, fact(income, micros, FEB, FEB))));

        assertThat(history.entries(subject)).hasSize(2);
    }

    @Test
    void aScanWithEntriesGivesTheProfileAsOfTAndTheGroupsEntriesUpToTheirOwnBoundsInOneCursor() {
        String known = "entries_" + String.format("%064x", 1);
        String onlyLater = "entries_" + String.format("%064x", 2);
        String third = "entries_" + String.format("%064x", 3);
        Profile profile = TestProfiles.profile(known, 1);
        history.record(List.of(
                new HistoryEntry(known, ProfileGroup.PERSONAL, fact(profile.personal().value(), 1, JAN, JAN)),
                debts(known, 1, 2, JAN, JAN),
                debts(known, 2, 3, FEB, APR),                // true by March, learned in April: the label's, not the profile's
                debts(known, 3, 4, APR, APR),                // true after T: the label's window
                debts(known, 4, 5, APR.plusSeconds(86_400 * 60), APR), // beyond the window: nobody's
                debts(onlyLater, 1, 2, APR, APR),            // nothing known in March: passed over
                debts(third, 7, 2, JAN, FEB)));

        List<ProfileHistory.SubjectHistory> scanned = new ArrayList<>();
        try (ProfileHistory.SubjectScan scan = history.scan(known, "entries_" + String.format("%064x", 4), MAR, ProfileGroup.DEBT_SUMMARY, APR, APR)) {
            scan.forEachRemaining(scanned::add);
        }

        assertThat(scanned).extracting(s -> s.profile().subject()).containsExactly(known, third);
        ProfileHistory.SubjectHistory first = scanned.get(0);
        assertThat(first.profile().personal()).isNotNull();
        assertThat(first.profile().debts().value().openCount()).as("as of March, as learned by March").isEqualTo(1);
        assertThat(first.entries()).extracting(e -> e.fact().sourceVersion()).containsExactly(2L, 3L, 4L);
        assertThat(scanned.get(1).entries()).extracting(e -> e.fact().sourceVersion()).containsExactly(2L);

        // Bounds no later than T: the entries known at T only.
        try (ProfileHistory.SubjectScan scan = history.scan(known, onlyLater, MAR, ProfileGroup.DEBT_SUMMARY, MAR, MAR)) {
            assertThat(scan.next().entries()).extracting(e -> e.fact().sourceVersion()).containsExactly(2L);
            assertThat(scan.hasNext()).isFalse();
        }
    }

    @Test
    void aRangeScanStreamsOneProfilePerSubjectInSubjectOrderWithEveryGroup() {
        List<String> subjects = new ArrayList<>();
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String subject = "scan_" + String.format("%064x", i);
            subjects.add(subject);
            Profile profile = TestProfiles.profile(subject, i);
            entries.add(new HistoryEntry(subject, ProfileGroup.PERSONAL, fact(profile.personal().value(), 1, JAN, JAN)));
            entries.add(debts(subject, i % 5, 2, JAN, JAN));
            entries.add(debts(subject, 9, 3, APR, APR)); // not yet true in March
        }
        history.record(entries);

        List<Profile> scanned = new ArrayList<>();
        try (ProfileHistory.ProfileScan scan = history.scan(subjects.get(10), subjects.get(20), MAR)) {
            scan.forEachRemaining(scanned::add);
        }

        assertThat(scanned).extracting(Profile::subject).containsExactlyElementsOf(subjects.subList(10, 20));
        assertThat(scanned).allSatisfy(p -> assertThat(p.personal()).isNotNull());
        assertThat(scanned).extracting(p -> p.debts().value().openCount())
                .containsExactly(0, 1, 2, 3, 4, 0, 1, 2, 3, 4);
    }

    private static int open(Profile profile) {
        DebtSummary debts = profile.debts().value();
        return debts.openCount();
    }
}
