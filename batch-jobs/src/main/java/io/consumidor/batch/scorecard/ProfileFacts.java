package io.consumidor.batch.scorecard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What the scorecard may know about a consumer: the Base B profile, already checked for shape. A null field
 * means "not known"; the scorecard gives each missing characteristic its documented {@code missing} points.
 *
 * @param birthYear           year of birth (Base A keeps the date; B only the year)
 * @param assets              declared assets; null when the profile has no asset group at all
 * @param incomeSources       declared income sources; null when unknown
 * @param reportedIncome      monthly income reported by a third party ({@code consumer.facts}), used when no
 *                            income sources are declared
 * @param debts               the debt summary from Base A; null when none arrived yet
 * @param recentBureauQueries bureau queries of the last 90 days, when the profile carries that count
 */
public record ProfileFacts(String subject, Integer birthYear, List<Asset> assets, List<Income> incomeSources,
                           BigDecimal reportedIncome, DebtSummary debts, Integer recentBureauQueries) {

    public record Asset(String kind, BigDecimal value, boolean paidOff) {
    }

    public record Income(String kind, BigDecimal monthlyAmount, LocalDate since) {
    }

    public record DebtSummary(int openCount, BigDecimal openTotal, int defaultedCount, BigDecimal defaultedTotal,
                              int maxDaysOverdue) {
    }
}
