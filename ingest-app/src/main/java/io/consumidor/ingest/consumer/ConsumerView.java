package io.consumidor.ingest.consumer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A consumer as Base A returns it to an authorised caller. */
public record ConsumerView(String cpf, String subject, String name, ConsumerRequest.Address address, LocalDate birthDate,
                           List<DebtView> debts, long version, Instant updatedAt) {

    public record DebtView(long id, String creditorCnpj, BigDecimal amount, String currency, LocalDate dueDate,
                           String status, String contractReference) {
    }
}
