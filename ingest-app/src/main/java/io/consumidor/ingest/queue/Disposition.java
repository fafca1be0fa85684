package io.consumidor.ingest.queue;

/** What becomes of a request message once handled. */
sealed interface Disposition {

    /** Answered (or refused with a reply, or a duplicate): delete it. */
    record Done() implements Disposition {
    }

    /** Cannot be handled as sent: move it to the dead-letter queue with the reason, then delete it. */
    record DeadLetter(String reason) implements Disposition {
    }

    /** Failed for a reason that may pass (the database is down): leave it to reappear after its visibility timeout. */
    record Retry(String reason) implements Disposition {
    }

    Disposition DONE = new Done();
}
