package io.consumidor.ingest.audit;

import io.consumidor.ingest.schema.SchemaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Appends to {@code base_a.audit_log} in its own short transaction, after the response is decided. */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc, SchemaMigration migrated) {
        this.jdbc = jdbc;
    }

    public void record(AuditEntry entry) {
        try {
            jdbc.sql("""
                            INSERT INTO base_a.audit_log (channel, request_id, principal, client_id, client_address, method, route, status, outcome, latency_ms)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(entry.channel(), entry.requestId(), entry.principal(), entry.clientId(), entry.clientAddress(), entry.method(),
                            entry.route(), entry.status(), entry.outcome(), entry.latencyMs())
                    .update();
        } catch (RuntimeException e) {
            // The response is already decided; say loudly that the trail has a gap (no PII in the entry).
            log.error("AUDIT GAP: could not record {} request {} {} {} -> {}: {}", entry.channel(), entry.requestId(), entry.method(),
                    entry.route(), entry.status(), e.getClass().getSimpleName());
        }
    }
}
