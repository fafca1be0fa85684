package io.consumidor.scorecard;

import io.consumidor.baseb.profile.MalformedProfileException;
import io.consumidor.scorecard.ScorecardDefinition.Band;
import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.core.payload.IncomeSource.IncomeKind;
import io.consumidor.scorecard.ScorecardDefinition.Bin;
import io.consumidor.scorecard.ScorecardDefinition.CharacteristicDefinition;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScorecardTest {

    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 23);
    private final Scorecard card = ShippedScorecard.scorecard();

    private static ProfileFacts empty() {
        return new ProfileFacts("dev_x", null, null, null, null, null, null);
    }

    /** The best bin of every characteristic. */
    private static ProfileFacts best() {
        return new ProfileFacts("dev_x", 1980,
                List.of(new Asset(Asset.AssetKind.REAL_ESTATE, new BigDecimal("400000"), true)),
                List.of(new IncomeSource(IncomeKind.EMPLOYMENT, new BigDecimal("9000"), LocalDate.of(2010, 1, 1)),
                        new IncomeSource(IncomeKind.RENTAL, new BigDecimal("2000"), LocalDate.of(2015, 1, 1)),
                        new IncomeSource(IncomeKind.RETIREMENT, new BigDecimal("1500"), LocalDate.of(2018, 1, 1))),
                null, DebtSummary.NONE, 0);
    }

    private static DebtSummary debts(int open, String openTotal, int defaulted, String defaultedTotal, int daysOverdue) {
        return new DebtSummary(open, new BigDecimal(openTotal), defaulted, new BigDecimal(defaultedTotal),
                open + defaulted == 0 ? null : AS_OF.minusDays(daysOverdue));
    }

    /** Every edge of every bin of the shipped card: {@code from} is in the bin, {@code to} is in the next one. */
    @TestFactory
    Stream<DynamicTest> everyBinEdgeOfTheShippedCard() {
        List<DynamicTest> tests = new ArrayList<>();
        for (CharacteristicDefinition c : card.definition().characteristics()) {
            List<Bin> bins = c.bins();
            for (int i = 0; i < bins.size(); i++) {
                Bin bin = bins.get(i);
                int index = i;
                tests.add(DynamicTest.dynamicTest(c.name() + " = " + bin.from() + " (lower edge of bin " + (i + 1) + ")",
                        () -> assertThat(card.points(c.name(), bin.from())).isEqualTo(bin.points())));
                if (bin.to() != null) {
                    BigDecimal justBelow = bin.to().subtract(new BigDecimal("0.001"));
                    tests.add(DynamicTest.dynamicTest(c.name() + " = " + justBelow + " (just below the upper edge of bin " + (i + 1) + ")",
                            () -> assertThat(card.points(c.name(), justBelow)).isEqualTo(bin.points())));
                    tests.add(DynamicTest.dynamicTest(c.name() + " = " + bin.to() + " (upper edge of bin " + (i + 1) + " is the next bin)",
                            () -> assertThat(card.points(c.name(), bin.to())).isEqualTo(bins.get(index + 1).points())));
                }
            }
            BigDecimal below = bins.get(0).from().subtract(new BigDecimal("0.001"));
            tests.add(DynamicTest.dynamicTest(c.name() + " = " + below + " (below the first bin) is malformed",
                    () -> assertThatThrownBy(() -> card.points(c.name(), below)).isInstanceOf(MalformedProfileException.class)
                            .hasMessageContaining(c.name().name())));
            tests.add(DynamicTest.dynamicTest(c.name() + " unknown earns the missing points",
                    () -> assertThat(card.points(c.name(), null)).isEqualTo(c.missingPoints())));
        }
        return tests.stream();
    }

    /** The shipped card's points, pinned: a change to scorecard.yml must change this table (and the model version). */
    @ParameterizedTest(name = "{0} = {1} -> {2} points")
    @CsvSource({
            "DEFAULTED_DEBTS, 0, 150", "DEFAULTED_DEBTS, 1, 60", "DEFAULTED_DEBTS, 2, 25", "DEFAULTED_DEBTS, 3, 0",
            "DAYS_OVERDUE, 0, 100", "DAYS_OVERDUE, 30, 70", "DAYS_OVERDUE, 31, 35", "DAYS_OVERDUE, 90, 35",
            "DAYS_OVERDUE, 91, 10", "DAYS_OVERDUE, 180, 10", "DAYS_OVERDUE, 181, 0",
            "OPEN_DEBTS, 0, 80", "OPEN_DEBTS, 2, 60", "OPEN_DEBTS, 3, 35", "OPEN_DEBTS, 5, 35", "OPEN_DEBTS, 6, 10",
            "TOTAL_OWED, 0, 60", "TOTAL_OWED, 0.01, 50", "TOTAL_OWED, 999.99, 50", "TOTAL_OWED, 1000, 35",
            "TOTAL_OWED, 4999.99, 35", "TOTAL_OWED, 5000, 20", "TOTAL_OWED, 20000, 5",
            "MONTHLY_INCOME, 0, 0", "MONTHLY_INCOME, 1499.99, 20", "MONTHLY_INCOME, 1500, 40", "MONTHLY_INCOME, 3000, 65",
            "MONTHLY_INCOME, 6000, 85", "MONTHLY_INCOME, 11999.99, 85", "MONTHLY_INCOME, 12000, 100",
            "INCOME_STABILITY_YEARS, 0, 10", "INCOME_STABILITY_YEARS, 1, 30", "INCOME_STABILITY_YEARS, 3, 45", "INCOME_STABILITY_YEARS, 5, 60",
            "INCOME_SOURCES, 0, 0", "INCOME_SOURCES, 1, 20", "INCOME_SOURCES, 2, 30", "INCOME_SOURCES, 3, 35",
            "PAID_OFF_ASSETS, 0, 0", "PAID_OFF_ASSETS, 19999.99, 20", "PAID_OFF_ASSETS, 20000, 40",
            "PAID_OFF_ASSETS, 100000, 60", "PAID_OFF_ASSETS, 300000, 75",
            "FINANCED_ASSETS, 0, 20", "FINANCED_ASSETS, 1, 15", "FINANCED_ASSETS, 2, 10", "FINANCED_ASSETS, 3, 5",
            "AGE, 18, 10", "AGE, 20, 10", "AGE, 21, 25", "AGE, 26, 45", "AGE, 36, 60", "AGE, 50, 60", "AGE, 51, 55",
            "AGE, 65, 55", "AGE, 66, 40",
            "RECENT_BUREAU_QUERIES, 1, 40", "RECENT_BUREAU_QUERIES, 2, 30", "RECENT_BUREAU_QUERIES, 4, 15", "RECENT_BUREAU_QUERIES, 7, 0"})
    void shippedPoints(Characteristic characteristic, BigDecimal value, int points) {
        assertThat(card.points(characteristic, value)).isEqualTo(points);
    }

    @Test
    void bestProfileScores1000AndHasNoReasons() {
        Rating rating = card.rate(best(), AS_OF);

        assertThat(rating.score()).isEqualTo(1000);
        assertThat(rating.band()).isEqualTo("VERY_LOW_RISK");
        assertThat(rating.reasons()).isEmpty();
        assertThat(rating.modelVersion()).isEqualTo("consumidor-scorecard-1.1");
    }

    @Test
    void worstProfileScoresZero() {
        ProfileFacts worst = new ProfileFacts("dev_x", 2008,
                List.of(new Asset(Asset.AssetKind.VEHICLE, new BigDecimal("50000"), false),
                        new Asset(Asset.AssetKind.VEHICLE, new BigDecimal("50000"), false),
                        new Asset(Asset.AssetKind.VEHICLE, new BigDecimal("50000"), false)),
                List.of(), null, debts(5, "30000", 4, "50000", 400), 12);

        Rating rating = card.rate(worst, AS_OF);

        assertThat(rating.score()).isZero();
        assertThat(rating.band()).isEqualTo("HIGH_RISK");
        assertThat(rating.reasons()).extracting(Rating.Reason::code).containsExactly("R01", "R02", "R05", "R08");
    }

    @Test
    void scoreIsTheRatingWithoutItsFingerprint() {
        for (ProfileFacts profile : List.of(best(), empty(), new ProfileFacts("dev_y", 1990, List.of(), List.of(), null,
                debts(2, "1200", 1, "300", 45), 3))) {
            Rating rated = card.rate(profile, AS_OF);
            Rating scored = card.score(profile, AS_OF);

            assertThat(rated.inputsFingerprint()).hasSize(32);
            assertThat(scored.inputsFingerprint()).isNull();
            assertThat(scored).usingRecursiveComparison().ignoringFields("inputsFingerprint").isEqualTo(rated);
        }
    }

    /**
     * Missing data, documented in the README: each unknown characteristic earns its {@code missing-points}.
     * An empty profile: 265 points on a 40–780 scale → round(1000 × 225 / 740) = 304, MEDIUM_RISK.
     */
    @Test
    void emptyProfileEarnsTheMissingPointsOfEveryCharacteristic() {
        Rating rating = card.rate(empty(), AS_OF);

        assertThat(rating.score()).isEqualTo(304);
        assertThat(rating.band()).isEqualTo("MEDIUM_RISK");
        assertThat(rating.reasons()).allSatisfy(reason -> assertThat(reason.missing()).isTrue());
        // lost against the best bin: income 90, defaulted 90, assets 75, income sources 35, …
        assertThat(rating.reasons()).extracting(Rating.Reason::code).containsExactly("R01", "R05", "R08", "R02");
    }

    @Test
    void reasonsAreTheLargestLossesWorstFirstWithTiesInCardOrder() {
        // Losses: DAYS_OVERDUE 30 (70 of 100), OPEN_DEBTS 20 (60 of 80), TOTAL_OWED 10 (50 of 60),
        // MONTHLY_INCOME 35 (65 of 100), INCOME_STABILITY 30 (30 of 60), AGE 15 (45 of 60).
        ProfileFacts profile = new ProfileFacts("dev_x", 1996,
                List.of(new Asset(Asset.AssetKind.REAL_ESTATE, new BigDecimal("400000"), true)),
                List.of(new IncomeSource(IncomeKind.EMPLOYMENT, new BigDecimal("1000"), LocalDate.of(2024, 6, 1)),
                        new IncomeSource(IncomeKind.RENTAL, new BigDecimal("1000"), LocalDate.of(2025, 1, 1)),
                        new IncomeSource(IncomeKind.OTHER, new BigDecimal("1500"), LocalDate.of(2025, 1, 1))),
                null, debts(2, "500", 0, "0", 12), 1);

        Rating rating = card.rate(profile, AS_OF);

        assertThat(rating.reasons()).extracting(Rating.Reason::code, Rating.Reason::pointsLost)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("R05", 35), org.assertj.core.groups.Tuple.tuple("R02", 30),
                        org.assertj.core.groups.Tuple.tuple("R06", 30), org.assertj.core.groups.Tuple.tuple("R03", 20));
        assertThat(rating.reasons().get(0).text()).isEqualTo("The declared monthly income is low or unknown.");
    }

    @Test
    void anUnchangedProfileMovesToTheNextOverdueBinAsTheRunDateMovesOn() {
        // Due on 2026-10-10, never paid: 28 days late on 2026-11-07 (1–30 bin), 59 a month later (31–90 bin).
        ProfileFacts late = new ProfileFacts("dev_x", 1980, null, null, null,
                new DebtSummary(1, new BigDecimal("100"), 0, BigDecimal.ZERO, LocalDate.of(2026, 10, 10)), null);

        assertThat(Characteristic.DAYS_OVERDUE.valueOf(late, LocalDate.of(2026, 11, 7))).isEqualByComparingTo("28");
        assertThat(Characteristic.DAYS_OVERDUE.valueOf(late, LocalDate.of(2026, 12, 8))).isEqualByComparingTo("59");
        assertThat(card.rate(late, LocalDate.of(2026, 12, 8)).score()).isLessThan(card.rate(late, LocalDate.of(2026, 11, 7)).score());
    }

    @Test
    void unpaidDebtsCountDefaultedOnesToo() {
        ProfileFacts facts = new ProfileFacts("dev_x", null, null, null, null, debts(2, "300", 1, "50", 0), null);

        assertThat(Characteristic.OPEN_DEBTS.valueOf(facts, AS_OF)).isEqualByComparingTo("3");
        assertThat(Characteristic.TOTAL_OWED.valueOf(facts, AS_OF)).isEqualByComparingTo("350");
        assertThat(Characteristic.DEFAULTED_DEBTS.valueOf(facts, AS_OF)).isEqualByComparingTo("1");
    }

    @Test
    void reportedIncomeCountsWhenNoSourceIsDeclared() {
        ProfileFacts reported = new ProfileFacts("dev_x", null, null, null, new BigDecimal("7000"), null, null);

        assertThat(Characteristic.MONTHLY_INCOME.valueOf(reported, AS_OF)).isEqualByComparingTo("7000");
        assertThat(card.rate(reported, AS_OF).score()).isGreaterThan(card.rate(empty(), AS_OF).score());
    }

    @Test
    void fingerprintFollowsTheInputsAndSameOutcomeIgnoresIt() {
        Rating a = card.rate(best(), AS_OF);
        Rating again = card.rate(best(), AS_OF);
        ProfileFacts richer = new ProfileFacts("dev_x", 1980, best().assets(), best().incomeSources(), null,
                best().debts(), 1);
        Rating b = card.rate(richer, AS_OF);

        assertThat(again.inputsFingerprint()).isEqualTo(a.inputsFingerprint()).hasSize(32);
        assertThat(b.inputsFingerprint()).isNotEqualTo(a.inputsFingerprint());
        assertThat(b.sameOutcomeAs(a)).as("one query more is still the best bin").isTrue();
        assertThat(card.rate(empty(), AS_OF).sameOutcomeAs(a)).isFalse();
    }

    @Test
    void negativeIncomeIsAMalformedProfileNamingTheCharacteristic() {
        ProfileFacts broken = new ProfileFacts("dev_x", 1980, null,
                List.of(new IncomeSource(IncomeKind.EMPLOYMENT, new BigDecimal("-10"), LocalDate.of(2020, 1, 1))), null, null, null);

        assertThatThrownBy(() -> card.rate(broken, AS_OF)).isInstanceOf(MalformedProfileException.class)
                .hasMessageContaining("MONTHLY_INCOME value -10 is below the first bin");
    }

    @Test
    void brokenCardsAreRefusedNamingTheFault() {
        ScorecardDefinition shipped = ShippedScorecard.definition();
        CharacteristicDefinition age = shipped.characteristics().stream().filter(c -> c.name() == Characteristic.AGE).findFirst().orElseThrow();
        CharacteristicDefinition gap = new CharacteristicDefinition(Characteristic.AGE, "R10", "x", 0, List.of(
                new Bin(new BigDecimal("18"), new BigDecimal("30"), 10), new Bin(new BigDecimal("31"), null, 20)));
        CharacteristicDefinition open = new CharacteristicDefinition(Characteristic.AGE, "R10", "x", 0, List.of(
                new Bin(new BigDecimal("18"), null, 10), new Bin(new BigDecimal("30"), null, 20)));

        assertThatThrownBy(() -> new Scorecard(with(shipped, age, gap))).hasMessageContaining("AGE: bins 1 and 2 are not contiguous");
        assertThatThrownBy(() -> new Scorecard(with(shipped, age, open))).hasMessageContaining("AGE: bin 1 has no upper bound");
        assertThatThrownBy(() -> new Scorecard(new ScorecardDefinition(shipped.modelVersion(), shipped.characteristics(),
                List.of(new Band("LOW", 0, 500), new Band("HIGH", 502, 1000)), 4))).hasMessageContaining("band 'HIGH' must start at 501");
        assertThatThrownBy(() -> new Scorecard(new ScorecardDefinition(shipped.modelVersion(), shipped.characteristics(),
                List.of(new Band("ALL", 0, 999)), 4))).hasMessageContaining("must reach 1000");
    }

    private static ScorecardDefinition with(ScorecardDefinition card, CharacteristicDefinition old, CharacteristicDefinition replacement) {
        List<CharacteristicDefinition> all = new ArrayList<>(card.characteristics());
        all.set(all.indexOf(old), replacement);
        return new ScorecardDefinition(card.modelVersion(), all, card.bands(), card.maxReasons());
    }
}
