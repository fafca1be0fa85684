package io.consumidor.ingest.consumer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Register or replace a consumer. Everything is kept in Base A (encrypted); Base B receives the birth year,
 * the state, assets, income sources and the debt summary through the outbox — and can be rebuilt from here.
 */
public record ConsumerRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Valid Address address,
        @NotNull @Past LocalDate birthDate,
        @NotNull @Size(max = 200) List<@NotNull @Valid Debt> debts,
        @NotNull @Size(max = 100) List<@NotNull @Valid Asset> assets,
        @NotNull @Size(max = 50) List<@NotNull @Valid IncomeSource> incomeSources) {

    /** The 26 states and the Federal District. */
    static final String STATES = "AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO";

    public record Address(@NotBlank @Size(max = 200) String street, @NotBlank @Size(max = 20) String number,
                          @Size(max = 100) String complement, @NotBlank @Size(max = 100) String city,
                          @NotBlank @Pattern(regexp = STATES, message = "must be a Brazilian state (UF) code, such as SP") String state,
                          @NotBlank @Pattern(regexp = "\\d{8}", message = "must be 8 digits") String postalCode) {
    }

    /** {@code creditorCnpj} may be formatted or not; Base A stores its digits. */
    public record Debt(@NotBlank @ValidCnpj String creditorCnpj,
                       @NotNull @DecimalMin(value = "0.01", message = "must be greater than zero") @Digits(integer = 13, fraction = 2) BigDecimal amount,
                       @NotBlank @IsoCurrency String currency,
                       @NotNull LocalDate dueDate,
                       @NotNull DebtStatus status,
                       @NotBlank @Size(max = 64) String contractReference) {
    }

    public record Asset(@NotNull io.consumidor.core.payload.Asset.AssetKind kind, @NotNull @PositiveOrZero BigDecimal value,
                        boolean paidOff) {

        io.consumidor.core.payload.Asset toFact() {
            return new io.consumidor.core.payload.Asset(kind, value, paidOff);
        }
    }

    public record IncomeSource(@NotNull io.consumidor.core.payload.IncomeSource.IncomeKind kind,
                               @NotNull @PositiveOrZero BigDecimal monthlyAmount, @NotNull @PastOrPresent LocalDate since) {

        io.consumidor.core.payload.IncomeSource toFact() {
            return new io.consumidor.core.payload.IncomeSource(kind, monthlyAmount, since);
        }
    }

    /** Debts enter open, defaulted or renegotiated; settling is its own operation. */
    public enum DebtStatus { OPEN, DEFAULTED, RENEGOTIATED }

    /** The Base B facts of this request: the address's state, never the address itself. */
    io.consumidor.core.payload.PersonalFacts personalFacts() {
        return new io.consumidor.core.payload.PersonalFacts(birthDate.getYear(), address.state(),
                assets.stream().map(Asset::toFact).toList(), incomeSources.stream().map(IncomeSource::toFact).toList());
    }
}
