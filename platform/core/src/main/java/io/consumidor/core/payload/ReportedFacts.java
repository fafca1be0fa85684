package io.consumidor.core.payload;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Payload of {@code consumer.facts}: what another producer (a payroll provider, a registry) reports about the
 * consumer. Every field is optional; the scorecard uses the reported income when no income source is declared.
 */
public record ReportedFacts(BigDecimal monthlyIncome, Integer incomeSourceCount, Integer realEstateCount, Integer vehicleCount,
                            LocalDate asOf) {

    /** Field names, as the intake checks them one by one. */
    public static final String MONTHLY_INCOME = "monthlyIncome";
    public static final String INCOME_SOURCE_COUNT = "incomeSourceCount";
    public static final String REAL_ESTATE_COUNT = "realEstateCount";
    public static final String VEHICLE_COUNT = "vehicleCount";
    public static final String AS_OF = "asOf";
}
