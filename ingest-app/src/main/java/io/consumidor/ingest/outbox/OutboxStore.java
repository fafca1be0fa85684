package io.consumidor.ingest.outbox;

import io.consumidor.ingest.schema.SchemaMigration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The relay's view of {@code base_a.outbox}: claim due rows, mark them sent or scheduled for a retry. */
@Component
class OutboxStore {

    private final JdbcClient jdbc;

    OutboxStore(JdbcClient jdbc, SchemaMigration migrated) {
        this.jdbc = jdbc;
    }

    /** Due rows in id order; SKIP LOCKED lets several relays share the outbox without sending a row twice at once. */
    List<PendingEvent> claimDue(int limit) {
        return jdbc.sql("""
                        SELECT id, event_id::text, destination, subject, event_type, source_version, envelope::text, attempts
                          FROM base_a.outbox
                         WHERE sent_at IS NULL AND next_attempt_at <= now()
                         ORDER BY id
                         LIMIT ?
                           FOR UPDATE SKIP LOCKED""")
                .param(limit)
                .query((rs, n) -> new PendingEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getString(7), rs.getInt(8)))
                .list();
    }

    void markSent(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE base_a.outbox SET sent_at = now(), last_error = NULL WHERE id = ANY(?)")
                    .param(ids.toArray(Long[]::new)).update();
        }
    }

    void scheduleRetry(long id, int attempts, Duration delay, String error) {
        jdbc.sql("""
                        UPDATE base_a.outbox
                           SET attempts = ?, next_attempt_at = now() + make_interval(secs => ?), last_error = ?
                         WHERE id = ?""")
                .params(attempts, delay.toMillis() / 1000.0, error.length() > 500 ? error.substring(0, 500) : error, id)
                .update();
    }

    /** Deletes up to {@code limit} rows sent before {@code cutoff}, oldest first; returns how many. */
    int purgeSentBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                        DELETE FROM base_a.outbox
                         WHERE id IN (SELECT id FROM base_a.outbox WHERE sent_at < ? ORDER BY sent_at LIMIT ?)""")
                .params(Timestamp.from(cutoff), limit).update();
    }

    long pending() {
        return backlog().pending();
    }

    /** Rows not yet accepted by SQS, and the age of the oldest of them (zero when there is none). */
    Backlog backlog() {
        return jdbc.sql("""
                        SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
                          FROM base_a.outbox
                         WHERE sent_at IS NULL""")
                .query((rs, n) -> new Backlog(rs.getLong(1), rs.getDouble(2)))
                .single();
    }

    record Backlog(long pending, double oldestAgeSeconds) {
    }
}
