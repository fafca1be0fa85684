package io.consumidor.batchsupport;

/**
 * A job's source cannot serve the run (emptied, partly lost, or holding nothing for the date asked): thrown by a
 * job's preflight step before any partition reads, so the job fails with the source named and nothing written.
 */
public final class SourceNotReady extends IllegalStateException {

    public SourceNotReady(String message) {
        super(message);
    }
}
