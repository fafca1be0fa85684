package io.consumidor.jobs.rating;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.util.Optional;

/**
 * Fixes an incremental run's watermark once, in the job's execution context, so a restart uses the same one:
 * the start time of the last successful {@code ratingRecompute} (any mode) — whatever changed since then is
 * read. Without a previous success an incremental run reads everything.
 */
final class WatermarkListener implements JobExecutionListener {

    static final String WATERMARK = "rating.watermark";
    private static final Logger log = LoggerFactory.getLogger(WatermarkListener.class);

    private final JdbcClient jdbc;
    private final JobRepository repository;

    WatermarkListener(JdbcClient jdbc, JobRepository repository) {
        this.jdbc = jdbc;
        this.repository = repository;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        fixWatermark(execution);
        // Spring Batch saves the job's context only when the job ends; a killed run must leave both behind now.
        repository.updateExecutionContext(execution);
    }

    private void fixWatermark(JobExecution execution) {
        if (!"incremental".equals(execution.getJobParameters().getString("mode"))
                || execution.getExecutionContext().containsKey(WATERMARK)) {
            return;
        }
        Optional<Timestamp> last = jdbc.sql("""
                        SELECT max(e.START_TIME) FROM BATCH_JOB_EXECUTION e
                        JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                        WHERE i.JOB_NAME = ? AND e.STATUS = 'COMPLETED'""")
                .param(RatingJobParameters.JOB).query(Timestamp.class).optional();
        if (last.isPresent()) {
            execution.getExecutionContext().putLong(WATERMARK, last.get().getTime());
            log.info("incremental run: profiles updated since {}", last.get().toInstant());
        } else {
            log.info("incremental run without a previous successful run: every profile is read");
        }
    }

}
