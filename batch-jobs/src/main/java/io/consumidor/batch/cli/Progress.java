package io.consumidor.batch.cli;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress of a running job from what its partitions have committed to the job repository (the numbers any
 * other process would see): items read, written, skipped, rate and, for a known total, ETA.
 */
final class Progress {

    private final JdbcClient jdbc;
    private final PrintStream out;

    Progress(JdbcClient jdbc, PrintStream out) {
        this.jdbc = jdbc;
        this.out = out;
    }

    /** @param total items this run is expected to read, or a negative number when unknown (no ETA then) */
    void print(String job, JobParameters parameters, Duration elapsed, long total) {
        var counts = jdbc.sql("""
                        SELECT coalesce(sum(s.READ_COUNT), 0) reads, coalesce(sum(s.WRITE_COUNT), 0) writes,
                               coalesce(sum(s.PROCESS_SKIP_COUNT + s.READ_SKIP_COUNT + s.WRITE_SKIP_COUNT), 0) skips,
                               count(*) FILTER (WHERE s.STATUS = 'COMPLETED') done, count(*) partitions
                        FROM BATCH_STEP_EXECUTION s
                        WHERE s.STEP_NAME LIKE '%:%' AND s.JOB_EXECUTION_ID = (
                            SELECT max(e.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION e
                            JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_NAME = ?)""")
                .param(job).query((rs, row) -> new long[]{rs.getLong("reads"), rs.getLong("writes"), rs.getLong("skips"),
                        rs.getLong("done"), rs.getLong("partitions")}).single();
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        double rate = counts[0] / seconds;
        String eta = total < 0 || rate <= 0 ? "ETA unknown"
                : total <= counts[0] ? "ETA 0 s" : String.format("of ~%d, ETA %.0f s", total, (total - counts[0]) / rate);
        out.printf("  %s: read %d, written %d, skipped %d, partitions done %d/%d, %.0f items/s, %s%n", job, counts[0], counts[1],
                counts[2], counts[3], counts[4], rate, eta);
    }

    int summary(JobExecution execution, Duration elapsed) {
        long read = 0;
        long written = 0;
        long skipped = 0;
        long filtered = 0;
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStepName().contains(":")) {
                read += step.getReadCount();
                written += step.getWriteCount();
                skipped += step.getSkipCount();
                filtered += step.getFilterCount();
            }
        }
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        out.printf("%s execution %d: %s — read %d, written %d, skipped %d, filtered %d in %.1f s (%.0f items/s)%n",
                execution.getJobInstance().getJobName(), execution.getId(), execution.getStatus(), read, written, skipped,
                filtered, seconds, read / seconds);
        execution.getAllFailureExceptions().forEach(e -> out.println("  failure: " + e));
        return JobCli.succeeded(execution) ? 0 : 1;
    }
}
