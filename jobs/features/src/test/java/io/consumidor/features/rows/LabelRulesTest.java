package io.consumidor.features.rows;

import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.time.Days;
import io.consumidor.features.dataset.Dataset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The population and label rules at their edges: exactly 90 days past due, paid on day 89 and on day 90,
 * renegotiated (bad and cures), bad at T, no exposure, below and at the materiality amount, a fact recorded
 * after the cut-off, and a window not yet matured.
 */
class LabelRulesTest {

    static final ZoneId SP = ZoneId.of("America/Sao_Paulo");
    static final LocalDate D = LocalDate.of(2025, 6, 30);
    static final Instant T = Days.endOf(D, SP);
    static final Instant OBSERVED = Instant.parse("2027-01-01T00:00:00Z");
    static final BigDecimal MATERIALITY = new BigDecimal("100.00");

    static Dataset dataset(Dataset.Renegotiation renegotiation, int exposureWithinMonths, Dataset.Incomplete incomplete) {
        return new Dataset("t", 1, "test", SP, "k", List.of(), false, List.of(), false, null, List.of(30), List.of(), List.of(), false, false,
                new Dataset.Population(exposureWithinMonths, true),
                new Dataset.Label(Dataset.Label.DEFAULT_OR_90_DAYS_OVERDUE, 12, 90, MATERIALITY, renegotiation, 60, incomplete));
    }

    static final Dataset TRAINING = dataset(Dataset.Renegotiation.BAD, 0, Dataset.Incomplete.REFUSE);

    /** A subject's debt summaries, each true at noon of a day in São Paulo and recorded then unless said otherwise. */
    static final class History {
        private final List<HistoryEntry> entries = new ArrayList<>();

        History at(LocalDate day, DebtSummary summary) {
            return at(day, summary, noon(day));
        }

        History at(LocalDate day, DebtSummary summary, Instant recordedAt) {
            entries.add(new HistoryEntry("s", ProfileGroup.DEBT_SUMMARY, new Fact<>(summary, entries.size() + 1, noon(day), recordedAt,
                    "e" + entries.size())));
            return this;
        }

        List<HistoryEntry> entries() {
            return entries;
        }
    }

    static Instant noon(LocalDate day) {
        return day.atTime(12, 0).atZone(SP).toInstant();
    }

    /** One open debt of {@code amount} BRL due on {@code due}, never renegotiated. */
    static DebtSummary open(String amount, LocalDate due) {
        return new DebtSummary(1, new BigDecimal(amount), 0, BigDecimal.ZERO, due, new BigDecimal(amount), 0, 1);
    }

    static DebtSummary renegotiated(String amount, LocalDate due) {
        return new DebtSummary(1, new BigDecimal(amount), 0, BigDecimal.ZERO, due, new BigDecimal(amount), 1, 2);
    }

    static DebtSummary defaulted(String amount, LocalDate due) {
        return new DebtSummary(0, BigDecimal.ZERO, 1, new BigDecimal(amount), due, new BigDecimal(amount), 0, 1);
    }

    static DebtSummary settled() {
        return new DebtSummary(0, BigDecimal.ZERO, 0, BigDecimal.ZERO, null, null, 0, 1);
    }

    static LabelRules.Exclusion exclusion(Dataset dataset, History history) {
        return new LabelRules(dataset, D, OBSERVED).exclusion(DebtTimeline.of(history.entries(), T, T, SP));
    }

    static LabelRules.Verdict verdict(Dataset dataset, History history, Instant observedUntil) {
        return new LabelRules(dataset, D, observedUntil).verdict(DebtTimeline.of(history.entries(), LabelRules.windowEnd(dataset, D), observedUntil, SP));
    }

    static Integer label(History history) {
        return verdict(TRAINING, history, OBSERVED).bad();
    }

    /** A debt due the day after T: 0 days past due at T, so the subject is in; {@code due + n} is its n-th day past due. */
    static final LocalDate DUE = D.plusDays(1);

    @Nested
    class DaysPastDue {

        @Test
        void exactlyNinetyDaysPastDueInTheWindowIsBad() {
            History history = new History().at(D.minusDays(10), open("500", DUE)).at(DUE.plusDays(90), settled());
            assertThat(label(history)).as("day 90 is reached before the payment at noon").isEqualTo(1);
        }

        @Test
        void paidOnDayEightyNineIsGood() {
            History history = new History().at(D.minusDays(10), open("500", DUE)).at(DUE.plusDays(89), settled());
            assertThat(label(history)).isEqualTo(0);
        }

        @Test
        void paidOnDayNinetyIsBad() {
            History history = new History().at(D.minusDays(10), open("500", DUE)).at(DUE.plusDays(90), settled());
            assertThat(verdict(TRAINING, history, OBSERVED)).isEqualTo(new LabelRules.Verdict(1, LabelRules.FINAL, 12));
        }

        @Test
        void overdueAtTCarriesIntoTheWindow() {
            // 29 days past due at T, never paid: 90 on day 61 after T
            History history = new History().at(D.minusDays(40), open("500", D.minusDays(29)));
            assertThat(exclusion(TRAINING, history)).isNull();
            assertThat(label(history)).isEqualTo(1);
        }

        @Test
        void aDefaultAfterTheWindowIsGood() {
            Instant end = LabelRules.windowEnd(TRAINING, D);
            History history = new History().at(D.minusDays(10), open("500", D.plusMonths(12)))
                    .at(D.plusMonths(12).plusDays(1), defaulted("500", D.plusMonths(12)));
            assertThat(noon(D.plusMonths(12).plusDays(1))).isAfter(end);
            assertThat(label(history)).isEqualTo(0);
        }
    }

    @Nested
    class Materiality {

        @Test
        void ninetyDaysPastDueBelowTheThresholdIsGood() {
            assertThat(label(new History().at(D.minusDays(10), open("99.99", DUE)))).isEqualTo(0);
        }

        @Test
        void ninetyDaysPastDueAtTheThresholdIsBad() {
            assertThat(label(new History().at(D.minusDays(10), open("100.00", DUE)))).isEqualTo(1);
        }

        @Test
        void aDefaultBelowTheThresholdIsGoodAndAtItBad() {
            History small = new History().at(D.minusDays(10), open("500", D.plusMonths(11))).at(D.plusDays(20), defaulted("99.99", D.plusMonths(11)));
            History material = new History().at(D.minusDays(10), open("500", D.plusMonths(11))).at(D.plusDays(20), defaulted("100", D.plusMonths(11)));
            assertThat(label(small)).isEqualTo(0);
            assertThat(label(material)).isEqualTo(1);
        }

        @Test
        void aSummaryWithoutTheOldestAmountFallsBackToTheUnsettledTotal() {
            DebtSummary older = new DebtSummary(1, new BigDecimal("99"), 0, BigDecimal.ZERO, DUE);
            assertThat(label(new History().at(D.minusDays(10), older))).isEqualTo(0);
        }
    }

    @Nested
    class Renegotiation {

        History renegotiatedInTheWindow() {
            // a debt renegotiated a month after T, its new schedule kept: never 90 days past due
            return new History().at(D.minusDays(10), open("500", DUE)).at(DUE.plusDays(30), renegotiated("500", DUE.plusDays(60)))
                    .at(DUE.plusDays(100), settled());
        }

        @Test
        void isBadWhenTheDatasetSaysSo() {
            assertThat(label(renegotiatedInTheWindow())).isEqualTo(1);
        }

        @Test
        void curesWhenTheDatasetSaysSo() {
            Dataset cures = dataset(Dataset.Renegotiation.CURES, 0, Dataset.Incomplete.REFUSE);
            assertThat(verdict(cures, renegotiatedInTheWindow(), OBSERVED).bad()).isEqualTo(0);
        }

        @Test
        void aRenegotiationBeforeTIsNoEventOfTheWindow() {
            History history = new History().at(D.minusDays(60), renegotiated("500", D.plusMonths(6))).at(D.plusMonths(5), settled());
            assertThat(exclusion(TRAINING, history)).isNull();
            assertThat(label(history)).isEqualTo(0);
        }

        @Test
        void aSummaryOlderThanTheCountIsNoRenegotiation() {
            DebtSummary older = new DebtSummary(1, new BigDecimal("500"), 0, BigDecimal.ZERO, D.plusMonths(6));
            History history = new History().at(D.minusDays(10), older).at(D.plusDays(40), renegotiated("500", D.plusMonths(8)))
                    .at(D.plusMonths(7), settled());
            assertThat(label(history)).isEqualTo(0);
        }
    }

    @Nested
    class Population {

        @Test
        void badAtTIsExcluded() {
            assertThat(exclusion(TRAINING, new History().at(D.minusDays(100), open("500", D.minusDays(90)))))
                    .isEqualTo(LabelRules.Exclusion.BAD_AT_OBSERVATION);
            assertThat(exclusion(TRAINING, new History().at(D.minusDays(10), defaulted("500", D.minusDays(5)))))
                    .isEqualTo(LabelRules.Exclusion.BAD_AT_OBSERVATION);
        }

        @Test
        void eightyNineDaysPastDueAtTIsIn() {
            assertThat(exclusion(TRAINING, new History().at(D.minusDays(100), open("500", D.minusDays(89))))).isNull();
        }

        @Test
        void aDefaultBelowMaterialityAtTIsIn() {
            assertThat(exclusion(TRAINING, new History().at(D.minusDays(10), defaulted("50", D.minusDays(5))))).isNull();
        }

        @Test
        void noExposureAtTIsExcluded() {
            assertThat(exclusion(TRAINING, new History())).isEqualTo(LabelRules.Exclusion.NO_EXPOSURE);
            assertThat(exclusion(TRAINING, new History().at(D.minusMonths(3), open("500", D.plusMonths(1))).at(D.minusMonths(1), settled())))
                    .isEqualTo(LabelRules.Exclusion.NO_EXPOSURE);
        }

        @Test
        void exposureWithinMonthsLooksBack() {
            Dataset lookBack = dataset(Dataset.Renegotiation.BAD, 6, Dataset.Incomplete.REFUSE);
            History settledTwoMonthsAgo = new History().at(D.minusMonths(3), open("500", D.plusMonths(1))).at(D.minusMonths(2), settled());
            History settledEightMonthsAgo = new History().at(D.minusMonths(9), open("500", D.plusMonths(1))).at(D.minusMonths(8), settled());
            assertThat(exclusion(lookBack, settledTwoMonthsAgo)).isNull();
            assertThat(exclusion(lookBack, settledEightMonthsAgo)).isEqualTo(LabelRules.Exclusion.NO_EXPOSURE);
        }

        @Test
        void aFactRecordedAfterTDoesNotDecideThePopulation() {
            History lateBad = new History().at(D.minusDays(10), open("500", D.plusMonths(3)))
                    .at(D.minusDays(5), defaulted("500", D.plusMonths(3)), T.plusSeconds(1));
            assertThat(exclusion(TRAINING, lateBad)).as("known at T: open, not defaulted").isNull();
            assertThat(label(lateBad)).as("the default, true from before T, carries into the window").isEqualTo(1);
        }
    }

    @Nested
    class Reproducibility {

        @Test
        void aFactRecordedAfterTheCutOffIsNotRead() {
            Instant cutOff = Instant.parse("2026-11-01T00:00:00Z");
            History history = new History().at(D.minusDays(10), open("500", D.plusMonths(11)))
                    .at(D.plusMonths(2), defaulted("500", D.plusMonths(11)), cutOff.plusSeconds(1));
            assertThat(verdict(TRAINING, history, cutOff).bad()).isEqualTo(0);
            assertThat(verdict(TRAINING, history, cutOff.plusSeconds(1)).bad()).isEqualTo(1);
        }
    }

    @Nested
    class Maturity {

        @Test
        void theWindowPlusTheBufferMustHaveClosed() {
            Instant matures = LabelRules.maturesAt(TRAINING, D);
            assertThat(matures).isEqualTo(Days.endOf(LocalDate.of(2026, 8, 29), SP));
            assertThat(LabelRules.firstMatureDay(TRAINING, D)).isEqualTo(LocalDate.of(2026, 8, 30));
            assertThat(new LabelRules(TRAINING, D, matures).mature()).isTrue();
            assertThat(new LabelRules(TRAINING, D, matures.minusMillis(1)).mature()).isFalse();
        }

        @Test
        void monthsObservedCountAcrossMonthEnds() {
            Dataset keep = dataset(Dataset.Renegotiation.BAD, 0, Dataset.Incomplete.KEEP);
            LocalDate leapDay = LocalDate.of(2024, 2, 29);
            assertThat(new LabelRules(keep, leapDay, OBSERVED).monthsObserved()).as("2024-02-29 + 12 months is 2025-02-28").isEqualTo(12);
            LocalDate january = LocalDate.of(2025, 1, 31);
            assertThat(new LabelRules(keep, january, Days.endOf(LocalDate.of(2025, 4, 30), SP)).monthsObserved()).isEqualTo(3);
            assertThat(new LabelRules(keep, january, Days.endOf(LocalDate.of(2025, 4, 29), SP)).monthsObserved()).isEqualTo(2);
        }

        @Test
        void theLatestMatureSnapshotIsTheLastDayWhoseWindowAndBufferHaveClosed() {
            Instant now = Days.endOf(LocalDate.of(2026, 12, 7), SP);
            LocalDate latest = LabelRules.latestMatureSnapshot(TRAINING, now);
            assertThat(latest).as("2025-10-08 + 12 months + 60 days ends with that day").isEqualTo(LocalDate.of(2025, 10, 8));
            assertThat(LabelRules.maturesAt(TRAINING, latest)).isBeforeOrEqualTo(now);
            assertThat(LabelRules.maturesAt(TRAINING, latest.plusDays(1))).isAfter(now);
        }

        @Test
        void anOpenWindowLabelsNobodyEvenTheEarlyBads() {
            Dataset keep = dataset(Dataset.Renegotiation.BAD, 0, Dataset.Incomplete.KEEP);
            Instant fourMonthsIn = Days.endOf(D.plusMonths(4).plusDays(3), SP);
            History earlyBad = new History().at(D.minusDays(10), open("500", D.plusMonths(1))).at(D.plusMonths(2), defaulted("500", D.plusMonths(1)));
            assertThat(verdict(keep, earlyBad, fourMonthsIn)).isEqualTo(new LabelRules.Verdict(null, LabelRules.OPEN, 4));
            assertThat(verdict(keep, new History().at(D.minusDays(10), open("500", D.plusMonths(1))), fourMonthsIn))
                    .isEqualTo(new LabelRules.Verdict(null, LabelRules.OPEN, 4));
        }
    }
}
