package io.consumidor.batchsupport.cli;

import io.consumidor.batchsupport.JobOwner;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

import java.io.PrintStream;

/**
 * A process killed mid-run (kill -9, OOM, a lost machine) leaves its execution marked STARTED forever, and
 * Spring Batch will neither restart it nor start the same parameters again. When the execution's recorded
 * owner ({@link JobOwner}, written at job start) is a process on this host that no longer exists, the
 * execution is recovered (marked FAILED) so the launch that follows restarts it from its last commits. An
 * owner on another host is left alone: only that host can tell whether it is alive.
 */
final class StaleExecutions {

    private final JobRepository repository;
    private final JobOperator operator;
    private final PrintStream out;

    StaleExecutions(JobRepository repository, JobOperator operator, PrintStream out) {
        this.repository = repository;
        this.operator = operator;
        this.out = out;
    }

    void recoverIfOwnerDied(String job, JobParameters parameters) {
        JobExecution last = repository.getLastJobExecution(job, parameters);
        if (last == null || !last.isRunning()) {
            return;
        }
        String owner = JobOwner.of(last);
        if (owner == null || !owner.endsWith("@" + JobOwner.host())) {
            return;
        }
        long pid = Long.parseLong(owner.substring(0, owner.indexOf('@')));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        out.printf("execution %d was left %s by process %s, which is gone: recovering it to restart from its last commits%n",
                last.getId(), last.getStatus(), owner);
        operator.recover(last);
    }
}
