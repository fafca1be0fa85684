package io.consumidor.core.payload;

import java.util.List;
import java.util.Objects;

/** Payload of {@code consumer.profile}: Base A registered or replaced a consumer. */
public record ConsumerProfile(int birthYear, String region, List<Asset> assets, List<IncomeSource> incomeSources,
                              DebtSummary debtSummary) {

    public ConsumerProfile {
        Objects.requireNonNull(region, "region is required");
        Objects.requireNonNull(debtSummary, "debtSummary is required");
        assets = assets == null ? null : List.copyOf(assets);
        incomeSources = incomeSources == null ? null : List.copyOf(incomeSources);
    }

    public static ConsumerProfile of(PersonalFacts facts, DebtSummary debts) {
        return new ConsumerProfile(facts.birthYear(), facts.region(), facts.assets(), facts.incomeSources(), debts);
    }

    public PersonalFacts personalFacts() {
        return new PersonalFacts(birthYear, region, assets, incomeSources);
    }
}
