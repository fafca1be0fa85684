package io.consumidor.features.rows;

import io.consumidor.core.payload.DebtSummary;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static io.consumidor.features.rows.LabelRulesTest.D;
import static io.consumidor.features.rows.LabelRulesTest.SP;
import static io.consumidor.features.rows.LabelRulesTest.T;
import static org.assertj.core.api.Assertions.assertThat;

/** The credit-history family over a hand-built timeline, every value worked out by hand (T = 2025-06-30). */
class CreditHistoryTest {

    private static DebtSummary summary(int open, String openTotal, int defaulted, String defaultedTotal, LocalDate due, String dueAmount,
                                       int renegotiated, int registered) {
        return new DebtSummary(open, new BigDecimal(openTotal), defaulted, new BigDecimal(defaultedTotal), due,
                dueAmount == null ? null : new BigDecimal(dueAmount), renegotiated, registered);
    }

    private static CreditHistory history(LabelRulesTest.History history) {
        return new CreditHistory(DebtTimeline.of(history.entries(), T, T, SP), D, T);
    }

    /**
     * 2023-08-10 a debt due 2023-09-01, paid 2023-11-13 at 73 days past due; 2024-09-01 two debts, the oldest due
     * 2024-10-01; 2025-01-20 it defaults (111 days past due); 2025-03-01 it is renegotiated (151 days past due that
     * day) into a new contract due 2025-07-15; and a fact recorded after T, which no feature may see.
     */
    private static LabelRulesTest.History timeline() {
        return new LabelRulesTest.History()
                .at(LocalDate.of(2023, 8, 10), summary(1, "1000", 0, "0", LocalDate.of(2023, 9, 1), "1000", 0, 1))
                .at(LocalDate.of(2023, 11, 13), summary(0, "0", 0, "0", null, null, 0, 1))
                .at(LocalDate.of(2024, 9, 1), summary(2, "3000", 0, "0", LocalDate.of(2024, 10, 1), "1000", 0, 3))
                .at(LocalDate.of(2025, 1, 20), summary(1, "2000", 1, "1000", LocalDate.of(2024, 10, 1), "1000", 0, 3))
                .at(LocalDate.of(2025, 3, 1), summary(1, "2500", 0, "0", LocalDate.of(2025, 7, 15), "2500", 1, 4))
                .at(LocalDate.of(2025, 5, 1), summary(0, "0", 5, "90000", LocalDate.of(2020, 1, 1), "90000", 0, 9), T.plusSeconds(1));
    }

    @Test
    void everyFeatureOfTheTimeline() {
        CreditHistory h = history(timeline());
        assertThat(h.historyMonths()).isEqualTo(22);
        assertThat(h.timesPastDue(30, 6)).isEqualTo(1);
        assertThat(h.timesPastDue(60, 6)).isEqualTo(1);
        assertThat(h.timesPastDue(90, 6)).isEqualTo(1);
        assertThat(h.timesPastDue(30, 24)).as("the 2023 spell reached 73 days").isEqualTo(2);
        assertThat(h.timesPastDue(60, 24)).isEqualTo(2);
        assertThat(h.timesPastDue(90, 24)).isEqualTo(1);
        assertThat(h.worstDaysPastDue(12)).as("2024-10-01 to 2025-03-01").isEqualTo(151);
        assertThat(h.monthsSincePastDue(30)).isEqualTo(3);
        assertThat(h.monthsSinceDefault()).isEqualTo(3);
        assertThat(h.registered(3)).isEqualTo(0);
        assertThat(h.registered(6)).isEqualTo(1);
        assertThat(h.registered(12)).isEqualTo(3);
        assertThat(h.renegotiatedAtT()).isEqualTo(1);
        assertThat(h.renegotiations(12)).isEqualTo(1);
        assertThat(h.fileAgeMonths()).isEqualTo(22);
        assertThat(h.balanceChange(3)).isEqualByComparingTo("0.00");
        assertThat(h.balanceChange(6)).isEqualByComparingTo("-500.00");
        assertThat(h.debtToIncome(new BigDecimal("5000"))).isEqualTo(0.5);
        assertThat(h.debtToIncome(BigDecimal.ZERO)).isNull();
    }

    @Test
    void aSpellBeforeTheWindowIsNotCounted() {
        CreditHistory h = history(timeline());
        assertThat(h.timesPastDue(30, 12)).as("the 2023 spell ended before 2024-06-30").isEqualTo(1);
    }

    @Test
    void noDebtSummaryKnownAtTIsNoSourceNotNever() {
        CreditHistory h = history(new LabelRulesTest.History()
                .at(LocalDate.of(2025, 5, 1), summary(1, "10", 0, "0", LocalDate.of(2025, 1, 1), "10", 0, 1), T.plusSeconds(1)));
        assertThat(h.known()).isFalse();
        assertThat(h.historyMonths()).isNull();
        assertThat(h.timesPastDue(30, 6)).isNull();
        assertThat(h.worstDaysPastDue(12)).isNull();
        assertThat(h.monthsSincePastDue(30)).isNull();
        assertThat(h.monthsSinceDefault()).isNull();
        assertThat(h.registered(3)).isNull();
        assertThat(h.renegotiations(12)).isNull();
        assertThat(h.fileAgeMonths()).isNull();
        assertThat(h.balanceChange(3)).isNull();
        assertThat(h.debtToIncome(new BigDecimal("1000"))).isNull();
    }

    @Test
    void summariesOlderThanTheCountsLeaveTheirFeaturesUnknown() {
        CreditHistory h = history(new LabelRulesTest.History()
                .at(LocalDate.of(2025, 1, 1), new DebtSummary(1, new BigDecimal("10"), 0, BigDecimal.ZERO, LocalDate.of(2025, 8, 1))));
        assertThat(h.registered(3)).isNull();
        assertThat(h.renegotiations(12)).isNull();
        assertThat(h.renegotiatedAtT()).isNull();
        assertThat(h.timesPastDue(30, 6)).isEqualTo(0);
        assertThat(h.worstDaysPastDue(12)).isEqualTo(0);
        assertThat(h.balanceChange(3)).isEqualByComparingTo("0.00");
        assertThat(h.balanceChange(6)).as("no summary in force on 2024-12-30").isNull();
    }
}
