package io.consumidor.batchsupport;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

import java.time.Clock;
import java.util.Map;

/**
 * What the job CLI needs to know about one job, supplied by the job itself: how {@code key=value} arguments
 * become its identifying parameters (refusing unknown keys and bad values with a message naming them), a
 * usage line, and how much work a run will do (for the ETA). A bean per job; the CLI holds no job's details.
 */
public interface JobLaunch {

    /** The job's name, as {@code run <job>} takes it. */
    String job();

    /** @throws IllegalArgumentException naming the argument at fault */
    JobParameters parameters(Map<String, String> arguments, Clock clock);

    /** The arguments the job takes, for usage and error messages. */
    String usage();

    /** Items the execution will read, or a negative number when unknown. */
    default long estimatedItems(JobExecution execution) {
        return -1;
    }

    /** Refuses an argument the job does not take, naming it and the job's usage. */
    default void refuseUnknown(Map<String, String> arguments, java.util.Set<String> known) {
        for (String key : arguments.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' (" + job() + " takes " + usage() + ")");
            }
        }
    }

    /** Why a completed instance cannot run again, and what to change for a new run. */
    default String alreadyCompleteHint() {
        return "a new run needs other parameters (or run=<label>)";
    }
}
