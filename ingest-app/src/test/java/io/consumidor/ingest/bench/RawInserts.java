package io.consumidor.ingest.bench;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw JDBC baselines of the ingest benchmark, as the app role on the app's own pool, 16 threads.
 * <ul>
 *   <li>{@link #consumerRows}: one autocommitted consumer row each — the cheapest write there is;</li>
 *   <li>{@link #registrationRows}: the rows one registration stores, copied from a registration the app has
 *   just made (the same ciphertexts, debt, outbox envelope and audit entry) with a fresh blind index and
 *   event id, in the app's two transactions (consumer + debt + outbox, then the audit row): what the
 *   database has to do per registration, without the service around it.</li>
 * </ul>
 */
final class RawInserts {

    private static final String INSERT_CONSUMER = """
            INSERT INTO base_a.consumer (cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext,
                                         facts_ciphertext)
            VALUES (?, ?, ?, ?, ?, ?)""";

    private RawInserts() {
    }

    /** A registration as stored: its consumer, first debt, profile event and audit entry. */
    record RegistrationRows(byte[] cpf, byte[] name, byte[] address, byte[] birthDate, byte[] facts,
                            String creditorCnpj, BigDecimal amount, String currency, LocalDate dueDate, String status, byte[] contract,
                            String destination, String subject, String eventType, long sourceVersion, String envelope,
                            String principal, String clientId, String clientAddress, String method, String route, int httpStatus,
                            String outcome, int latencyMs) {
    }

    /** The rows of the newest registration in the database (one with a debt and a PUT audit entry). */
    static RegistrationRows newestRegistration(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("""
                     SELECT c.cpf_ciphertext, c.name_ciphertext, c.address_ciphertext, c.birth_date_ciphertext, c.facts_ciphertext,
                            d.creditor_cnpj, d.amount, d.currency, d.due_date, d.status, d.contract_ciphertext,
                            o.destination, o.subject, o.event_type, o.source_version, o.envelope::text,
                            a.principal, a.client_id, a.client_address, a.method, a.route, a.status, a.outcome, a.latency_ms
                       FROM (SELECT * FROM base_a.consumer ORDER BY id DESC LIMIT 1) c
                       JOIN base_a.debt d ON d.consumer_id = c.id
                       JOIN LATERAL (SELECT * FROM base_a.outbox WHERE event_type = 'consumer.profile' ORDER BY id DESC LIMIT 1) o ON true
                       JOIN LATERAL (SELECT * FROM base_a.audit_log WHERE method = 'PUT' ORDER BY id DESC LIMIT 1) a ON true
                      LIMIT 1""")) {
            if (!row.next()) {
                throw new IllegalStateException("no registration in the database to copy");
            }
            return new RegistrationRows(row.getBytes(1), row.getBytes(2), row.getBytes(3), row.getBytes(4), row.getBytes(5),
                    row.getString(6), row.getBigDecimal(7), row.getString(8), row.getObject(9, LocalDate.class), row.getString(10),
                    row.getBytes(11), row.getString(12), row.getString(13), row.getString(14), row.getLong(15), row.getString(16),
                    row.getString(17), row.getString(18), row.getString(19), row.getString(20), row.getString(21), row.getInt(22),
                    row.getString(23), row.getInt(24));
        }
    }

    /** Consumer rows of the given ciphertexts, one autocommitted insert each; returns rows per second. */
    static double consumerRows(DataSource dataSource, RegistrationRows template, int count, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return Concurrently.perSecond(count, threads, () -> {
            try (Connection connection = dataSource.getConnection(); PreparedStatement consumer = connection.prepareStatement(INSERT_CONSUMER)) {
                SecureRandom random = new SecureRandom();
                while (next.getAndIncrement() < count) {
                    bindConsumer(consumer, template, random);
                    consumer.executeUpdate();
                }
            }
        });
    }

    /**
     * Every row of a registration: consumer, debt and outbox event in one transaction, then the audit entry
     * in a second one, as the app does; returns registrations' worth of rows per second. The copied outbox
     * rows are marked sent afterwards, so the relay never sends them.
     */
    static double registrationRows(DataSource dataSource, RegistrationRows template, int count, int threads) throws Exception {
        long lastOutboxId = lastOutboxId(dataSource);
        AtomicInteger next = new AtomicInteger();
        double perSecond = Concurrently.perSecond(count, threads, () -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement consumer = connection.prepareStatement(INSERT_CONSUMER + " RETURNING id");
                 PreparedStatement debt = connection.prepareStatement("""
                         INSERT INTO base_a.debt (consumer_id, creditor_cnpj, amount, currency, due_date, status, contract_ciphertext)
                         VALUES (?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement outbox = connection.prepareStatement("""
                         INSERT INTO base_a.outbox (event_id, destination, subject, event_type, source_version, envelope)
                         VALUES (?, ?, ?, ?, ?, ?::jsonb)""");
                 PreparedStatement audit = connection.prepareStatement("""
                         INSERT INTO base_a.audit_log (request_id, principal, client_id, client_address, method, route, status, outcome, latency_ms)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                connection.setAutoCommit(false);
                SecureRandom random = new SecureRandom();
                while (next.getAndIncrement() < count) {
                    bindConsumer(consumer, template, random);
                    long consumerId;
                    try (ResultSet id = consumer.executeQuery()) {
                        id.next();
                        consumerId = id.getLong(1);
                    }
                    debt.setLong(1, consumerId);
                    debt.setString(2, template.creditorCnpj());
                    debt.setBigDecimal(3, template.amount());
                    debt.setString(4, template.currency());
                    debt.setObject(5, template.dueDate());
                    debt.setString(6, template.status());
                    debt.setBytes(7, template.contract());
                    debt.executeUpdate();
                    outbox.setObject(1, UUID.randomUUID());
                    outbox.setString(2, template.destination());
                    outbox.setString(3, template.subject());
                    outbox.setString(4, template.eventType());
                    outbox.setLong(5, template.sourceVersion());
                    outbox.setString(6, template.envelope());
                    outbox.executeUpdate();
                    connection.commit();
                    audit.setString(1, UUID.randomUUID().toString());
                    audit.setString(2, template.principal());
                    audit.setString(3, template.clientId());
                    audit.setString(4, template.clientAddress());
                    audit.setString(5, template.method());
                    audit.setString(6, template.route());
                    audit.setInt(7, template.httpStatus());
                    audit.setString(8, template.outcome());
                    audit.setInt(9, template.latencyMs());
                    audit.executeUpdate();
                    connection.commit();
                }
            }
        });
        try (Connection connection = dataSource.getConnection();
             PreparedStatement sent = connection.prepareStatement("UPDATE base_a.outbox SET sent_at = now() WHERE id > ? AND sent_at IS NULL")) {
            sent.setLong(1, lastOutboxId);
            sent.executeUpdate();
        }
        return perSecond;
    }

    private static void bindConsumer(PreparedStatement consumer, RegistrationRows template, SecureRandom random) throws SQLException {
        byte[] hmac = new byte[32];
        random.nextBytes(hmac);
        consumer.setBytes(1, hmac);
        consumer.setBytes(2, template.cpf());
        consumer.setBytes(3, template.name());
        consumer.setBytes(4, template.address());
        consumer.setBytes(5, template.birthDate());
        consumer.setBytes(6, template.facts());
    }

    private static long lastOutboxId(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet max = statement.executeQuery("SELECT coalesce(max(id), 0) FROM base_a.outbox")) {
            max.next();
            return max.getLong(1);
        }
    }
}
