package io.consumidor.scorecard;

import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.core.payload.PersonalFacts;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the scorecard may know about a consumer, taken from the Base B contract only ({@link #from}): a
 * characteristic can read nothing Base B and Base C do not hold. A null field means "not known"; the
 * scorecard gives each missing characteristic its documented {@code missing} points.
 *
 * @param birthYear           year of birth (Base A keeps the date; B only the year)
 * @param assets              declared assets; null when unknown
 * @param incomeSources       declared income sources; null when unknown
 * @param reportedIncome      monthly income reported by a third party ({@code consumer.facts}), used when no
 *                            income source is declared
 * @param debts               the debt summary from Base A (facts: how overdue is counted on the rating date); null
 *                            when none arrived yet
 * @param recentBureauQueries bureau queries in Base C in the 90 days up to the rating date; null when unknown
 */
public record ProfileFacts(String subject, Integer birthYear, List<Asset> assets, List<IncomeSource> incomeSources,
                           BigDecimal reportedIncome, DebtSummary debts, Integer recentBureauQueries) {

    /** The scorecard's inputs from a Base B profile and the subject's count of recent bureau queries in Base C. */
    public static ProfileFacts from(Profile profile, Integer recentBureauQueries) {
        PersonalFacts personal = value(profile.personal());
        return new ProfileFacts(profile.subject(), personal == null ? null : personal.birthYear(),
                personal == null ? null : personal.assets(), personal == null ? null : personal.incomeSources(),
                profile.reported() == null ? null : profile.reported().value().monthlyIncome(), value(profile.debts()),
                recentBureauQueries);
    }

    private static <T> T value(Fact<T> fact) {
        return fact == null ? null : fact.value();
    }
}
