package io.consumidor.batchsupport.cli;

import java.util.List;

/**
 * A job's own words on the job host's command line beyond {@code run} and {@code status} (the export's
 * {@code export run|list|show}). A bean of the job's configuration; the host dispatches on {@link #word()}
 * and knows nothing of the job.
 */
public interface JobCommand {

    /** The first word that selects this command ({@code export}). */
    String word();

    /** Runs the words after {@link #word()}; launches go through {@code jobs}, so they print progress alike. */
    ExitCode run(List<String> words, JobCli jobs);
}
