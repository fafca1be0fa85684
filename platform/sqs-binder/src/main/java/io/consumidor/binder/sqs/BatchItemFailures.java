package io.consumidor.binder.sqs;

import java.util.List;
import java.util.Map;

/**
 * Thrown by a batch handler to say which messages of the batch failed; every other message of the batch
 * counts as handled and is deleted. A failure either asks for another attempt (after back-off, until the
 * consumer's {@code max-attempts}) or for dead-lettering at once ({@link Failure#deadLetterNow()}: malformed
 * input, no route, a rejected mapping — retrying cannot help). Each failure carries the reason and any extra
 * attributes (route, destination) that the dead letter should show.
 */
public class BatchItemFailures extends RuntimeException {

    /**
     * @param index         position of the message in the batch
     * @param reason        short, stable reason code (for example {@code no-route}, {@code malformed-json})
     * @param cause         the error
     * @param deadLetterNow skip the remaining attempts
     * @param attributes    extra dead-letter attributes (for example {@code route}, {@code destination})
     */
    public record Failure(int index, String reason, Throwable cause, boolean deadLetterNow, Map<String, String> attributes) {

        public Failure {
            attributes = Map.copyOf(attributes);
        }
    }

    private final List<Failure> failures;

    public BatchItemFailures(List<Failure> failures) {
        super(failures.size() + " message(s) of the batch failed", null, false, false);
        this.failures = List.copyOf(failures);
    }

    public List<Failure> failures() {
        return failures;
    }
}
