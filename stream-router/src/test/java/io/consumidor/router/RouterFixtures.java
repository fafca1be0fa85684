package io.consumidor.router;

import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.ConsumerProfile;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.FinancialMovement;
import io.consumidor.core.payload.IncomeSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Payloads of the contract's types for the router's tests and benchmark. */
public final class RouterFixtures {

    private RouterFixtures() {
    }

    public static ConsumerProfile profile(String region, int openDebts) {
        return new ConsumerProfile(1980, region, List.of(new Asset(Asset.AssetKind.VEHICLE, new BigDecimal("30000"), true)),
                List.of(new IncomeSource(IncomeSource.IncomeKind.EMPLOYMENT, new BigDecimal("4000"), LocalDate.of(2020, 1, 1))),
                debts(openDebts));
    }

    public static DebtSummary debts(int open) {
        return new DebtSummary(open, new BigDecimal("100.00").multiply(BigDecimal.valueOf(open)), 0, BigDecimal.ZERO,
                open == 0 ? null : LocalDate.of(2026, 1, 10));
    }

    public static BureauQuery query() {
        return new BureauQuery("serasa", "credit", "bank-1", null);
    }

    public static CardPurchase purchase(String amount) {
        return new CardPurchase(new BigDecimal(amount), "BRL", "5411", null, CardPurchase.Channel.ONLINE);
    }

    public static FinancialMovement movement(int amount) {
        return new FinancialMovement(BigDecimal.valueOf(amount), "BRL", FinancialMovement.Direction.OUT, FinancialMovement.Kind.PIX);
    }
}
