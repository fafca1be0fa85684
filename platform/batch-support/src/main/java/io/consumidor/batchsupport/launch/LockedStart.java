package io.consumidor.batchsupport.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.ConcurrencyFailureException;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts (or restarts) a job instance whose {@link InstanceLocks lock} the caller holds, through the two ways the
 * job repository can refuse a launch that is not the job's fault:
 * <ul>
 *   <li>a transient concurrency refusal (a lock timeout; or, where a deployment puts the repository's creations
 *       back to SERIALIZABLE instead of {@link LockedLaunchDefaults}' READ COMMITTED, PostgreSQL cancelling one of
 *       two concurrent serializable transactions): retrying is what it asks;</li>
 *   <li>Spring Batch 6 creates an instance and its first execution in two transactions, so a collision in the
 *       second leaves an instance without an execution, which it then refuses to start or restart. Under the lock
 *       nobody else is creating it: the empty instance is removed and the start tried again.</li>
 * </ul>
 */
public final class LockedStart {

    private static final Logger log = LoggerFactory.getLogger(LockedStart.class);
    private static final int ATTEMPTS = 5;

    private final JobOperator operator;
    private final JobRepository repository;

    public LockedStart(JobOperator operator, JobRepository repository) {
        this.operator = operator;
        this.repository = repository;
    }

    public JobExecution start(Job job, JobParameters parameters) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return operator.start(job, parameters);
            } catch (ConcurrencyFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.info("{}: the job repository refused a concurrent creation ({}); trying again", job.getName(), e.getClass().getSimpleName());
                Thread.sleep(50L + ThreadLocalRandom.current().nextLong(200));
            } catch (IllegalStateException e) {
                JobInstance instance = repository.getJobInstance(job.getName(), parameters);
                if (attempt == ATTEMPTS || instance == null || !repository.getJobExecutions(instance).isEmpty()) {
                    throw e;
                }
                log.info("{}: removing job instance {} left without an execution by a refused creation", job.getName(), instance.getInstanceId());
                repository.deleteJobInstance(instance);
            }
        }
    }
}
