package io.consumidor.ingest.queue;

import io.consumidor.ingest.audit.AuditEntry;
import io.consumidor.ingest.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;

/**
 * The requests the worker has answered, by id: a redelivered request (the worker died after replying, before
 * deleting it) is recognised and not answered twice. An entry is written after its reply is sent, so a crash
 * in between can give a second reply, which the client drops by request id.
 */
class AnsweredRequests {

    private final JdbcClient jdbc;

    AnsweredRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Remembers the answer and writes its audit entry in one statement, so one round trip and one commit: on two
     * busy cores each PostgreSQL round trip of the worker cost 2 ms at the median and 30 ms at the 99th percentile.
     * Both or neither: a failure leaves the request to be redelivered, answered again and recorded then.
     */
    void answered(String requestId, int status, AuditEntry audit) {
        jdbc.sql("WITH answered AS (INSERT INTO base_a.queue_request (request_id, status) VALUES (?, ?) ON CONFLICT (request_id) DO NOTHING) "
                        + AuditLog.INSERT)
                .params(requestId, status).params(AuditLog.values(audit)).update();
    }

    /** Forgets answers older than any redelivery can be; returns how many. */
    int forgetBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM base_a.queue_request WHERE answered_at < ?").param(java.sql.Timestamp.from(cutoff)).update();
    }

    /** SQS keeps a message at most 14 days: no redelivery can come later than that. */
    static final Duration REDELIVERY_HORIZON = Duration.ofDays(14);
}
