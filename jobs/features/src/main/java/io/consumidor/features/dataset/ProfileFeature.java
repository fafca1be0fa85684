package io.consumidor.features.dataset;

import io.consumidor.features.schema.ColumnType;

/**
 * The Base B profile features a dataset may hold, each as of T (null: the group was not known at T). The kinds of
 * income are one-hot columns ({@code income-kinds: true}), not a list in a string. The README's column table
 * repeats these texts.
 */
public enum ProfileFeature {
    AGE("age", ColumnType.INT, "age in whole years at T, from the birth year Base B keeps (T's year minus birth year)"),
    REGION("region", ColumnType.STRING, "Brazilian state (UF) of the address, never the address itself"),
    INCOME_TOTAL("income_total", ColumnType.MONEY, "sum of the declared monthly incomes received since on or before T, BRL"),
    INCOME_SOURCE_COUNT("income_source_count", ColumnType.INT, "declared income sources received since on or before T"),
    INCOME_STABILITY_MONTHS("income_stability_months", ColumnType.INT, "whole months from the oldest declared income source's start to T"),
    REPORTED_MONTHLY_INCOME("reported_monthly_income", ColumnType.MONEY, "monthly income reported by another producer (consumer.facts), BRL"),
    ASSETS_COUNT("assets_count", ColumnType.INT, "declared assets"),
    ASSETS_REAL_ESTATE_VALUE("assets_real_estate_value", ColumnType.MONEY, "declared value of real estate, BRL"),
    ASSETS_VEHICLE_VALUE("assets_vehicle_value", ColumnType.MONEY, "declared value of vehicles, BRL"),
    ASSETS_INVESTMENT_VALUE("assets_investment_value", ColumnType.MONEY, "declared value of investments, BRL"),
    ASSETS_OTHER_VALUE("assets_other_value", ColumnType.MONEY, "declared value of other assets, BRL"),
    ASSETS_PAID_OFF_VALUE("assets_paid_off_value", ColumnType.MONEY, "declared value of the assets that are paid off, BRL"),
    DEBTS_OPEN_COUNT("debts_open_count", ColumnType.INT, "debts open or renegotiated at T"),
    DEBTS_OPEN_TOTAL("debts_open_total", ColumnType.MONEY, "their total at T, BRL"),
    DEBTS_DEFAULTED_COUNT("debts_defaulted_count", ColumnType.INT, "debts in default at T"),
    DEBTS_DEFAULTED_TOTAL("debts_defaulted_total", ColumnType.MONEY, "their total at T, BRL"),
    DEBTS_DAYS_OVERDUE("debts_days_overdue", ColumnType.INT, "days the oldest unpaid debt is past due on T's date (0: nothing overdue)");

    private final String column;
    private final ColumnType type;
    private final String meaning;

    ProfileFeature(String column, ColumnType type, String meaning) {
        this.column = column;
        this.type = type;
        this.meaning = meaning;
    }

    public String column() {
        return column;
    }

    public ColumnType type() {
        return type;
    }

    public String meaning() {
        return meaning;
    }

    /** Debt features come from the debt summary group; the others from the personal and reported groups. */
    public String source() {
        return switch (this) {
            case REPORTED_MONTHLY_INCOME -> "Base B profileHistory, group reportedFacts (as of T)";
            case DEBTS_OPEN_COUNT, DEBTS_OPEN_TOTAL, DEBTS_DEFAULTED_COUNT, DEBTS_DEFAULTED_TOTAL, DEBTS_DAYS_OVERDUE ->
                    "Base B profileHistory, group debtSummary (as of T)";
            default -> "Base B profileHistory, group profile (as of T)";
        };
    }
}
