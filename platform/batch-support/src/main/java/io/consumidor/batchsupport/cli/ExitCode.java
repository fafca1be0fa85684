package io.consumidor.batchsupport.cli;

/**
 * The exit status of every job command (the job host, the scheduler's {@code run}, the export's commands), so a
 * script or an orchestrator tells a failed run from a refused one. The numbers are the contract; the names say why.
 */
public enum ExitCode {
    /** The run completed (or the command did what it was asked). */
    COMPLETED(0),
    /** The run ended FAILED, or a store the command reads failed. */
    FAILED(1),
    /** The command line is wrong: an unknown command, job, parameter or value. */
    USAGE(2),
    /** The job instance already completed: a new run needs other identifying parameters. */
    ALREADY_COMPLETE(3),
    /** Another process runs the same job instance now. */
    ALREADY_RUNNING(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
