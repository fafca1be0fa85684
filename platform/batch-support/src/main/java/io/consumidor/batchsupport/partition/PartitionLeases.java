package io.consumidor.batchsupport.partition;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Which worker runs which partition, and since when it last said so: one row per claimed step execution in the job
 * repository's database ({@code consumidor_partition_lease}), beside Spring Batch's tables. A worker claims a step
 * execution before running it — an insert that only one worker can win, so a request SQS delivers twice runs once —
 * and renews the row every heartbeat; the manager fails a step execution whose lease went quiet (its worker was
 * killed) so that it is run again. Times are the database's own ({@code now()}), so hosts' clocks never disagree.
 */
public final class PartitionLeases {

    public static final String TABLE = "consumidor_partition_lease";

    private final JdbcClient jdbc;

    public PartitionLeases(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Creates the table when it is missing (the job repository's schema is Spring Batch's; this one is ours). */
    public void ensureTable() {
        try {
            createTable();
        } catch (org.springframework.dao.DataIntegrityViolationException raced) {
            createTable(); // two processes creating it at once: PostgreSQL refuses the second's type; it exists now
        }
    }

    private void createTable() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS " + TABLE + " (step_execution_id BIGINT PRIMARY KEY, job_execution_id BIGINT NOT NULL,"
                + " owner VARCHAR(200) NOT NULL, claimed_at TIMESTAMPTZ NOT NULL, heartbeat_at TIMESTAMPTZ NOT NULL)").update();
        jdbc.sql("CREATE INDEX IF NOT EXISTS " + TABLE + "_job ON " + TABLE + " (job_execution_id)").update();
    }

    /** True when this worker won the step execution; false when another claimed it first (a duplicate delivery). */
    public boolean claim(long stepExecutionId, long jobExecutionId, String owner) {
        return jdbc.sql("INSERT INTO " + TABLE + " VALUES (?, ?, ?, now(), now()) ON CONFLICT (step_execution_id) DO NOTHING")
                .params(stepExecutionId, jobExecutionId, owner).update() == 1;
    }

    /** Renews this worker's leases. */
    public void renew(Collection<Long> stepExecutionIds, String owner) {
        for (Long id : stepExecutionIds) {
            jdbc.sql("UPDATE " + TABLE + " SET heartbeat_at = now() WHERE step_execution_id = ? AND owner = ?").params(id, owner).update();
        }
    }

    /** Whether anyone ever claimed the step execution. */
    public boolean claimed(long stepExecutionId) {
        return jdbc.sql("SELECT count(*) FROM " + TABLE + " WHERE step_execution_id = ?").param(stepExecutionId).query(Long.class).single() > 0;
    }

    /** Leases of the job execution not renewed within {@code timeout}. */
    public List<Expired> expired(long jobExecutionId, Duration timeout) {
        return jdbc.sql("SELECT step_execution_id, owner, heartbeat_at::text, extract(epoch FROM now() - heartbeat_at) FROM " + TABLE
                        + " WHERE job_execution_id = ? AND heartbeat_at < now() - make_interval(secs => ?)")
                .params(jobExecutionId, timeout.toMillis() / 1000.0)
                .query((rs, row) -> new Expired(rs.getLong(1), rs.getString(2), rs.getString(3), Math.round(rs.getDouble(4))))
                .list();
    }

    /**
     * Step executions among {@code ids} still waiting to start (STARTING) that no worker claimed and that were created
     * more than {@code timeout} ago — one query, however many partitions a round has.
     */
    public List<Long> unclaimedSince(Collection<Long> ids, Duration timeout) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT s.STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION s WHERE s.STEP_EXECUTION_ID IN (:ids) AND s.STATUS = 'STARTING'"
                        + " AND s.CREATE_TIME < :before"
                        + " AND NOT EXISTS (SELECT 1 FROM " + TABLE + " l WHERE l.step_execution_id = s.STEP_EXECUTION_ID)")
                // CREATE_TIME is the manager's local clock (Spring Batch writes it so): compared with that clock, not the database's
                .param("ids", ids).param("before", java.time.LocalDateTime.now().minus(timeout)).query(Long.class).list();
    }

    /** Whether any of the step executions' leases was renewed within {@code window}: workers are alive and busy. */
    public boolean anyRenewedWithin(Collection<Long> ids, Duration window) {
        if (ids.isEmpty()) {
            return false;
        }
        return jdbc.sql("SELECT count(*) FROM " + TABLE + " WHERE step_execution_id IN (:ids) AND heartbeat_at > now() - make_interval(secs => :seconds)")
                .param("ids", ids).param("seconds", window.toMillis() / 1000.0).query(Long.class).single() > 0;
    }

    /** Leases of job executions that ended: nothing reads them any more. */
    public int forgetFinished() {
        return jdbc.sql("DELETE FROM " + TABLE + " l WHERE EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION e WHERE e.JOB_EXECUTION_ID ="
                + " l.job_execution_id AND e.END_TIME IS NOT NULL)").update();
    }

    /**
     * A lease gone quiet.
     *
     * @param stepExecutionId the partition's step execution
     * @param owner           the worker that claimed it ({@code pid@host})
     * @param heartbeatAt     its last renewal, as the database wrote it
     * @param quietSeconds    seconds since then
     */
    public record Expired(long stepExecutionId, String owner, String heartbeatAt, long quietSeconds) {
    }
}
