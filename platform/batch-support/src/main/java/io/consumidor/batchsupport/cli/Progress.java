package io.consumidor.batchsupport.cli;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress of a running job from what its partitions have committed to the job repository (the numbers any
 * other process would see): items read, written, skipped, rate and, for a known total, ETA. Partition steps
 * are the ones whose name holds a {@code :} ({@code worker:subjects-3}).
 */
final class Progress {

    private final JobRepository repository;
    private final PrintStream out;

    Progress(JobRepository repository, PrintStream out) {
        this.repository = repository;
        this.out = out;
    }

    /** @param total items this run is expected to read, or a negative number when unknown (no ETA then) */
    void print(String job, JobParameters parameters, Duration elapsed, long total) {
        JobExecution last = repository.getLastJobExecution(job, parameters);
        if (last == null) {
            out.printf("  %s: starting%n", job);
            return;
        }
        Counts counts = Counts.of(repository.getJobExecution(last.getId()));
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        double rate = counts.read / seconds;
        String eta = total < 0 || rate <= 0 ? "ETA unknown"
                : total <= counts.read ? "ETA 0 s" : String.format("of ~%d, ETA %.0f s", total, (total - counts.read) / rate);
        out.printf("  %s: read %d, written %d, skipped %d, partitions done %d/%d, %.0f items/s, %s%n", job, counts.read,
                counts.written, counts.skipped, counts.done, counts.partitions, rate, eta);
    }

    ExitCode summary(JobExecution execution, Duration elapsed) {
        // From the repository: remote partitions' counts were written by the workers, not into this process's objects.
        JobExecution stored = repository.getJobExecution(execution.getId());
        Counts counts = Counts.of(stored == null ? execution : stored);
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        out.printf("%s execution %d: %s — read %d, written %d, skipped %d, filtered %d in %.1f s (%.0f items/s)%n",
                execution.getJobInstance().getJobName(), execution.getId(), execution.getStatus(), counts.read, counts.written,
                counts.skipped, counts.filtered, seconds, counts.read / seconds);
        execution.getAllFailureExceptions().forEach(e -> out.println("  failure: " + e));
        return execution.getStatus() == BatchStatus.COMPLETED ? ExitCode.COMPLETED : ExitCode.FAILED;
    }

    /** Sums over an execution's partition steps: the last attempt of each (a remote partition may be sent again). */
    record Counts(long read, long written, long skipped, long filtered, long done, long partitions) {

        static Counts of(JobExecution execution) {
            long read = 0, written = 0, skipped = 0, filtered = 0, done = 0, partitions = 0;
            if (execution != null) {
                java.util.Map<String, StepExecution> last = new java.util.HashMap<>();
                for (StepExecution step : execution.getStepExecutions()) {
                    last.merge(step.getStepName(), step, (a, b) -> a.getId() > b.getId() ? a : b);
                }
                for (StepExecution step : last.values()) {
                    if (step.getStepName().contains(":")) {
                        read += step.getReadCount();
                        written += step.getWriteCount();
                        skipped += step.getSkipCount();
                        filtered += step.getFilterCount();
                        partitions++;
                        done += step.getStatus() == BatchStatus.COMPLETED ? 1 : 0;
                    }
                }
            }
            return new Counts(read, written, skipped, filtered, done, partitions);
        }
    }
}
