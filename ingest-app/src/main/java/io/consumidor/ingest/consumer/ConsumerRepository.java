package io.consumidor.ingest.consumer;

import io.consumidor.ingest.schema.SchemaMigration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Base A rows, always addressed by the CPF's blind index. Holds only ciphertext for the sensitive columns;
 * changes and erasure go through the schema's one-consumer functions (the app role may not UPDATE or
 * DELETE these tables directly).
 */
@Repository
public class ConsumerRepository {

    private final JdbcClient jdbc;

    /** {@code migrated} is taken so the schema is up to date before the first query. */
    public ConsumerRepository(JdbcClient jdbc, SchemaMigration migrated) {
        this.jdbc = jdbc;
    }

    public record Sealed(byte[] cpf, byte[] name, byte[] address, byte[] birthDate) {
    }

    public record SealedDebt(String creditorCnpj, BigDecimal amount, String currency, LocalDate dueDate, String status,
                             byte[] contract) {
    }

    public record StoredDebt(long id, String creditorCnpj, BigDecimal amount, String currency, LocalDate dueDate,
                             String status, byte[] contract) {
    }

    public record Stored(long id, Sealed sealed, long version, Instant updatedAt, List<StoredDebt> debts) {
    }

    public Optional<Stored> find(byte[] cpfHmac) {
        return jdbc.sql("""
                        SELECT id, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext, version, updated_at
                          FROM base_a.consumer WHERE cpf_hmac = ?""")
                .param(cpfHmac)
                .query((rs, n) -> new Stored(rs.getLong("id"),
                        new Sealed(rs.getBytes("cpf_ciphertext"), rs.getBytes("name_ciphertext"),
                                rs.getBytes("address_ciphertext"), rs.getBytes("birth_date_ciphertext")),
                        rs.getLong("version"), rs.getObject("updated_at", OffsetDateTime.class).toInstant(), List.of()))
                .optional()
                .map(consumer -> new Stored(consumer.id(), consumer.sealed(), consumer.version(), consumer.updatedAt(),
                        debts(consumer.id())));
    }

    private List<StoredDebt> debts(long consumerId) {
        return jdbc.sql("""
                        SELECT id, creditor_cnpj, amount, currency, due_date, status, contract_ciphertext
                          FROM base_a.debt WHERE consumer_id = ? ORDER BY id""")
                .param(consumerId)
                .query((rs, n) -> new StoredDebt(rs.getLong("id"), rs.getString("creditor_cnpj"), rs.getBigDecimal("amount"),
                        rs.getString("currency"), rs.getObject("due_date", LocalDate.class), rs.getString("status"),
                        rs.getBytes("contract_ciphertext")))
                .list();
    }

    public long insert(byte[] cpfHmac, Sealed sealed) {
        return jdbc.sql("""
                        INSERT INTO base_a.consumer (cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext)
                        VALUES (?, ?, ?, ?, ?) RETURNING id""")
                .params(cpfHmac, sealed.cpf(), sealed.name(), sealed.address(), sealed.birthDate())
                .query(Long.class).single();
    }

    /** The new version, or empty when the expected version is stale. */
    public Optional<Long> update(byte[] cpfHmac, long expectedVersion, Sealed sealed) {
        return jdbc.sql("SELECT base_a.update_consumer(?, ?, ?, ?, ?)")
                .params(cpfHmac, expectedVersion, sealed.name(), sealed.address(), sealed.birthDate())
                .query(Long.class).optional();
    }

    public void replaceDebts(byte[] cpfHmac, long consumerId, List<SealedDebt> debts) {
        jdbc.sql("SELECT base_a.clear_debts(?)").param(cpfHmac).query(Integer.class).single();
        debts.forEach(debt -> addDebt(consumerId, debt));
    }

    public long addDebt(long consumerId, SealedDebt debt) {
        return jdbc.sql("""
                        INSERT INTO base_a.debt (consumer_id, creditor_cnpj, amount, currency, due_date, status, contract_ciphertext)
                        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(consumerId, debt.creditorCnpj(), debt.amount(), debt.currency(), debt.dueDate(), debt.status(),
                        debt.contract())
                .query(Long.class).single();
    }

    public boolean settleDebt(byte[] cpfHmac, long debtId) {
        return Boolean.TRUE.equals(jdbc.sql("SELECT base_a.settle_debt(?, ?)").params(cpfHmac, debtId).query(Boolean.class).single());
    }

    /** Moves the consumer's version on after a debt change; returns the new version. */
    public long touch(byte[] cpfHmac) {
        return jdbc.sql("SELECT base_a.touch_consumer(?)").param(cpfHmac).query(Long.class).single();
    }

    public boolean erase(byte[] cpfHmac) {
        return Boolean.TRUE.equals(jdbc.sql("SELECT base_a.erase_consumer(?)").param(cpfHmac).query(Boolean.class).single());
    }
}
