package io.consumidor.ingest.consumer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A consumer as Base A returns it to an authorised caller. {@code assets} and {@code incomeSources} are null
 * for a consumer registered before Base A kept them (see the module README).
 */
public record ConsumerView(String cpf, String subject, String name, ConsumerRequest.Address address, LocalDate birthDate,
                           List<DebtView> debts, List<io.consumidor.core.payload.Asset> assets,
                           List<io.consumidor.core.payload.IncomeSource> incomeSources, long version, Instant updatedAt) {

    public record DebtView(long id, String creditorCnpj, BigDecimal amount, String currency, LocalDate dueDate,
                           String status, String contractReference) {
    }
}
