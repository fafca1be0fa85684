package io.consumidor.ingest.consumer;

import io.consumidor.ingest.outbox.OutboxRow;
import io.consumidor.ingest.schema.SchemaMigration;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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

    /** @param facts the encrypted {@link StoredFacts}; null for a consumer registered before Base A kept them */
    public record Sealed(byte[] cpf, byte[] name, byte[] address, byte[] birthDate, byte[] facts) {
    }

    public record SealedDebt(String creditorCnpj, BigDecimal amount, String currency, LocalDate dueDate, String status,
                             byte[] contract) {
    }

    public record StoredDebt(long id, String creditorCnpj, BigDecimal amount, String currency, LocalDate dueDate,
                             String status, byte[] contract) {
    }

    /** @param cpfHmac the row's blind index: what its ciphertexts (and its debts') are bound to */
    public record Stored(long id, byte[] cpfHmac, Sealed sealed, long version, Instant updatedAt, List<StoredDebt> debts) {
    }

    /** The consumer's row as {@code c}, the first CTE of {@link #find} and {@link #findRecording}. */
    private static final String CONSUMER = """
            c AS (
                SELECT id, cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext, facts_ciphertext,
                       version, updated_at
                  FROM base_a.consumer WHERE cpf_hmac = ?)""";

    /**
     * The consumer's row first ({@code part} 0, {@code id} its own), then its debts ({@code part} 1, {@code id} the
     * debt's) in id order. A join would repeat the consumer's ciphertexts on every debt row, and a consumer may
     * have thousands of debts.
     */
    private static final String CONSUMER_THEN_DEBTS = """
            SELECT 0 AS part, id, cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext,
                   facts_ciphertext, version, updated_at,
                   NULL::char(14) AS creditor_cnpj, NULL::numeric AS amount, NULL::char(3) AS currency,
                   NULL::date AS due_date, NULL::text AS status, NULL::bytea AS contract_ciphertext
              FROM c
            UNION ALL
            SELECT 1, d.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   d.creditor_cnpj, d.amount, d.currency, d.due_date, d.status, d.contract_ciphertext
              FROM base_a.debt d JOIN c ON d.consumer_id = c.id
             ORDER BY part, id""";

    /** One page of a consumer's debts (id order) with their total, read in SQL: a page costs its rows only. */
    public record DebtPage(Stored consumer, long totalDebts) {
    }

    /**
     * Like {@link #findRecording}, with only one page of debts ({@code LIMIT}/{@code OFFSET} in the statement, at most
     * the per-consumer cap deep) and their total: the queue's {@code debts} answer reads and decrypts its page only.
     */
    public Optional<DebtPage> findRecordingDebtPage(byte[] cpfHmac, OutboxRow record, int offset, int limit) {
        Object[] params = new Object[1 + record.params().length + 2];
        params[0] = cpfHmac;
        System.arraycopy(record.params(), 0, params, 1, record.params().length);
        params[params.length - 2] = limit;
        params[params.length - 1] = offset;
        return jdbc.sql("WITH " + CONSUMER + ",\n"
                        + "recorded AS (INSERT INTO base_a.outbox " + OutboxRow.COLUMNS
                        + " SELECT " + OutboxRow.PLACEHOLDERS + " FROM c)\n"
                        + """
                        SELECT 0 AS part, id, cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext,
                               facts_ciphertext, version, updated_at,
                               NULL::char(14) AS creditor_cnpj, NULL::numeric AS amount, NULL::char(3) AS currency,
                               NULL::date AS due_date, NULL::text AS status, NULL::bytea AS contract_ciphertext,
                               (SELECT count(*) FROM base_a.debt d WHERE d.consumer_id = c.id) AS debt_count
                          FROM c
                        UNION ALL
                        (SELECT 1, d.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                d.creditor_cnpj, d.amount, d.currency, d.due_date, d.status, d.contract_ciphertext, NULL
                           FROM base_a.debt d JOIN c ON d.consumer_id = c.id
                          ORDER BY d.id LIMIT ? OFFSET ?)
                         ORDER BY part, id""")
                .params(params)
                .query(rs -> {
                    if (!rs.next()) {
                        return Optional.<DebtPage>empty();
                    }
                    long total = rs.getLong("debt_count");
                    Optional<Stored> consumer = consumerThenDebts(rs, true);
                    return consumer.map(c -> new DebtPage(c, total));
                });
    }

    /** Debts of the consumer now, for the cap. */
    public long debtCount(long consumerId) {
        return jdbc.sql("SELECT count(*) FROM base_a.debt WHERE consumer_id = ?").param(consumerId).query(Long.class).single();
    }

    /**
     * The consumer and its debts in one statement: one round trip instead of two, and one snapshot, so the debts
     * are those of the version read.
     */
    public Optional<Stored> find(byte[] cpfHmac) {
        return jdbc.sql("WITH " + CONSUMER + "\n" + CONSUMER_THEN_DEBTS)
                .param(cpfHmac)
                .query(CONSUMER_THEN_DEBTS_ROWS);
    }

    /**
     * Like {@link #find}, and stores {@code record} in the outbox in the same statement when — and only when — the
     * consumer exists: a lookup and its {@code bureau.query} event are one round trip and atomic without a
     * transaction around them (a data-modifying CTE runs once, to completion, whether or not the query reads it).
     */
    public Optional<Stored> findRecording(byte[] cpfHmac, OutboxRow record) {
        Object[] params = new Object[1 + record.params().length];
        params[0] = cpfHmac;
        System.arraycopy(record.params(), 0, params, 1, record.params().length);
        return jdbc.sql("WITH " + CONSUMER + ",\n"
                        + "recorded AS (INSERT INTO base_a.outbox " + OutboxRow.COLUMNS
                        + " SELECT " + OutboxRow.PLACEHOLDERS + " FROM c)\n"
                        + CONSUMER_THEN_DEBTS)
                .params(params)
                .query(CONSUMER_THEN_DEBTS_ROWS);
    }

    private static final ResultSetExtractor<Optional<Stored>> CONSUMER_THEN_DEBTS_ROWS = ConsumerRepository::consumerThenDebts;

    private static Optional<Stored> consumerThenDebts(ResultSet rs) throws SQLException {
        return consumerThenDebts(rs, false);
    }

    /** @param positioned the result set is already on the consumer's row */
    private static Optional<Stored> consumerThenDebts(ResultSet rs, boolean positioned) throws SQLException {
        if (!positioned && !rs.next()) {
            return Optional.empty();
        }
        Stored consumer = stored(rs, List.of());
        List<StoredDebt> debts = new ArrayList<>();
        while (rs.next()) {
            debts.add(storedDebt(rs, debts.size()));
        }
        return Optional.of(new Stored(consumer.id(), consumer.cpfHmac(), consumer.sealed(), consumer.version(), consumer.updatedAt(),
                List.copyOf(debts)));
    }

    private static Stored stored(ResultSet rs, List<StoredDebt> debts) throws SQLException {
        return new Stored(rs.getLong("id"), rs.getBytes("cpf_hmac"),
                new Sealed(rs.getBytes("cpf_ciphertext"), rs.getBytes("name_ciphertext"), rs.getBytes("address_ciphertext"),
                        rs.getBytes("birth_date_ciphertext"), rs.getBytes("facts_ciphertext")),
                rs.getLong("version"), rs.getObject("updated_at", OffsetDateTime.class).toInstant(), debts);
    }

    /** A page of consumers in id order after {@code afterId}, with their debts (two queries), for the replay. */
    public List<Stored> page(long afterId, int limit) {
        List<Stored> consumers = jdbc.sql("""
                        SELECT id, cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext, facts_ciphertext,
                               version, updated_at
                          FROM base_a.consumer WHERE id > ? ORDER BY id LIMIT ?""")
                .params(afterId, limit)
                .query((rs, n) -> stored(rs, List.of()))
                .list();
        if (consumers.isEmpty()) {
            return consumers;
        }
        java.util.Map<Long, List<StoredDebt>> debts = new java.util.HashMap<>();
        jdbc.sql("""
                        SELECT consumer_id, id, creditor_cnpj, amount, currency, due_date, status, contract_ciphertext
                          FROM base_a.debt WHERE consumer_id = ANY(?) ORDER BY id""")
                .param(consumers.stream().map(Stored::id).toArray(Long[]::new))
                .query((rs, n) -> {
                    debts.computeIfAbsent(rs.getLong("consumer_id"), id -> new ArrayList<>()).add(storedDebt(rs, n));
                    return null;
                })
                .list();
        return consumers.stream().map(c -> new Stored(c.id(), c.cpfHmac(), c.sealed(), c.version(), c.updatedAt(),
                debts.getOrDefault(c.id(), List.of()))).toList();
    }

    /** Identity and version of a row just written, as the database assigned them. */
    public record Written(long id, long version, Instant updatedAt) {
    }

    /** The new row, or empty when a consumer with this blind index exists already. */
    public Optional<Written> insertIfAbsent(byte[] cpfHmac, Sealed sealed) {
        return jdbc.sql("""
                        INSERT INTO base_a.consumer (cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext,
                                                     facts_ciphertext)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (cpf_hmac) DO NOTHING RETURNING id, version, updated_at""")
                .params(cpfHmac, sealed.cpf(), sealed.name(), sealed.address(), sealed.birthDate(), sealed.facts())
                .query((rs, n) -> new Written(rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** Which of these blind indexes belong to a consumer Base A holds (one statement for a whole intake batch). */
    public java.util.Set<java.nio.ByteBuffer> existing(java.util.Collection<byte[]> cpfHmacs) {
        if (cpfHmacs.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("SELECT cpf_hmac FROM base_a.consumer WHERE cpf_hmac IN (:keys)")
                .param("keys", List.copyOf(cpfHmacs)).query((rs, n) -> java.nio.ByteBuffer.wrap(rs.getBytes(1))).list());
    }

    public Optional<Long> idOf(byte[] cpfHmac) {
        return jdbc.sql("SELECT id FROM base_a.consumer WHERE cpf_hmac = ?").param(cpfHmac).query(Long.class).optional();
    }

    /**
     * The row as updated, or empty when the expected version is stale. {@code now()} is the transaction's
     * start time, which is what the function stores in {@code updated_at}.
     */
    public Optional<Written> update(long id, byte[] cpfHmac, long expectedVersion, Sealed sealed) {
        return jdbc.sql("SELECT base_a.update_consumer(?, ?, ?, ?, ?, ?), now()")
                .params(cpfHmac, expectedVersion, sealed.name(), sealed.address(), sealed.birthDate(), sealed.facts())
                .query((rs, n) -> {
                    long version = rs.getLong(1);
                    return rs.wasNull() ? null : new Written(id, version, rs.getObject(2, OffsetDateTime.class).toInstant());
                })
                .list().stream().filter(Objects::nonNull).findFirst();
    }

    /** Drops the consumer's debts (a replace); a newly inserted consumer has none to drop. */
    public void clearDebts(byte[] cpfHmac) {
        jdbc.sql("SELECT base_a.clear_debts(?)").param(cpfHmac).query(Integer.class).single();
    }

    /** Inserts the debts in one statement (one round trip) and returns them as stored, ids included. */
    public List<StoredDebt> insertDebts(long consumerId, List<SealedDebt> debts) {
        if (debts.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        INSERT INTO base_a.debt (consumer_id, creditor_cnpj, amount, currency, due_date, status, contract_ciphertext)
                        SELECT ?, d.cnpj, d.amount, d.currency, d.due, d.status, d.contract
                          FROM unnest(?::text[], ?::numeric[], ?::text[], ?::date[], ?::text[], ?::bytea[])
                               AS d(cnpj, amount, currency, due, status, contract)
                        RETURNING id, creditor_cnpj, amount, currency, due_date, status, contract_ciphertext""")
                .params(consumerId,
                        debts.stream().map(SealedDebt::creditorCnpj).toArray(String[]::new),
                        debts.stream().map(debt -> debt.amount().toPlainString()).toArray(String[]::new),
                        debts.stream().map(SealedDebt::currency).toArray(String[]::new),
                        debts.stream().map(debt -> debt.dueDate().toString()).toArray(String[]::new),
                        debts.stream().map(SealedDebt::status).toArray(String[]::new),
                        debts.stream().map(SealedDebt::contract).toArray(byte[][]::new))
                .query(ConsumerRepository::storedDebt)
                .list()
                .stream().sorted(Comparator.comparingLong(StoredDebt::id)).toList();
    }

    private static StoredDebt storedDebt(ResultSet rs, int row) throws SQLException {
        return new StoredDebt(rs.getLong("id"), rs.getString("creditor_cnpj"), rs.getBigDecimal("amount"),
                rs.getString("currency"), rs.getObject("due_date", LocalDate.class), rs.getString("status"),
                rs.getBytes("contract_ciphertext"));
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
    /** {@link #touch}, which takes the consumer's row lock; false when no consumer has this blind index. */
    public boolean touchIfPresent(byte[] cpfHmac) {
        List<Long> version = jdbc.sql("SELECT base_a.touch_consumer(?)").param(cpfHmac).query((rs, n) -> rs.getObject(1, Long.class)).list();
        return !version.isEmpty() && version.get(0) != null;
    }

    public long touch(byte[] cpfHmac) {
        return jdbc.sql("SELECT base_a.touch_consumer(?)").param(cpfHmac).query(Long.class).single();
    }

    /** Deletes the consumer and its debts; returns the tombstone's version (from the version sequence), empty if unknown. */
    public Optional<Long> erase(byte[] cpfHmac) {
        return jdbc.sql("SELECT base_a.erase_consumer(?)").param(cpfHmac).query((rs, n) -> {
            long version = rs.getLong(1);
            return rs.wasNull() ? null : version;
        }).list().stream().filter(Objects::nonNull).findFirst();
    }
}
