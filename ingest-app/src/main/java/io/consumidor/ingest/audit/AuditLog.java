package io.consumidor.ingest.audit;

import io.consumidor.ingest.schema.SchemaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;

/** Appends to {@code base_a.audit_log} in its own short transaction, after the response is decided. */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** The insert of one entry, for a caller that writes it in one statement with a row of its own (one commit). */
    public static final String INSERT = """
            INSERT INTO base_a.audit_log (channel, request_id, principal, client_id, client_address, method, route, status, outcome, latency_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc, SchemaMigration migrated) {
        this.jdbc = jdbc;
    }

    /** {@link #INSERT}'s parameters, in order. */
    public static List<Object> values(AuditEntry entry) {
        return Arrays.asList(entry.channel(), entry.requestId(), entry.principal(), entry.clientId(), entry.clientAddress(), entry.method(),
                entry.route(), entry.status(), entry.outcome(), entry.latencyMs());
    }

    public void record(AuditEntry entry) {
        try {
            jdbc.sql(INSERT).params(values(entry)).update();
        } catch (RuntimeException e) {
            // The response is already decided; say loudly that the trail has a gap (no PII in the entry).
            gap(entry, e);
        }
    }

    /** Logs an entry that could not be written (no PII in it), for callers that write entries themselves. */
    public static void gap(AuditEntry entry, RuntimeException cause) {
        log.error("AUDIT GAP: could not record {} request {} {} {} -> {}: {}", entry.channel(), entry.requestId(), entry.method(),
                entry.route(), entry.status(), cause.getClass().getSimpleName());
    }
}
