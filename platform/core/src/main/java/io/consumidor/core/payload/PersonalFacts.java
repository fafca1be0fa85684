package io.consumidor.core.payload;

import java.util.List;

/**
 * The facts about a person Base B keeps from Base A: the birth year (Base A keeps the date), the region (the
 * address's state; never the address), declared assets and income sources. A null list means "not known"
 * (a consumer registered before Base A kept them), an empty list "declared none".
 */
public record PersonalFacts(int birthYear, String region, List<Asset> assets, List<IncomeSource> incomeSources) {

    public PersonalFacts {
        assets = assets == null ? null : List.copyOf(assets);
        incomeSources = incomeSources == null ? null : List.copyOf(incomeSources);
    }
}
