package io.consumidor.batchsupport;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Records which process runs an execution ({@code pid@host}) in the job's execution context as soon as it
 * starts, so a launcher can tell a killed run (left STARTED forever) from a live one. Spring Batch saves the
 * job's context only when the job ends; a killed run must leave the owner behind now, hence the explicit save.
 */
public final class JobOwner implements JobExecutionListener {

    public static final String KEY = "job.owner";

    private final JobRepository repository;

    public JobOwner(JobRepository repository) {
        this.repository = repository;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        execution.getExecutionContext().putString(KEY, current());
        repository.updateExecutionContext(execution);
    }

    /** This process, as {@code pid@host}. */
    public static String current() {
        return ProcessHandle.current().pid() + "@" + host();
    }

    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** The owner an execution recorded, or null (an execution from before owners were recorded). */
    public static String of(JobExecution execution) {
        return execution.getExecutionContext().containsKey(KEY) ? execution.getExecutionContext().getString(KEY) : null;
    }
}
