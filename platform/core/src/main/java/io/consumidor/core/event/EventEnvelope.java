package io.consumidor.core.event;

import io.consumidor.core.subject.Subject;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one versioned wrapper of every message on the queues. {@code eventId} is the idempotency key (a
 * redelivered message carries the same id, so writes keyed by it happen once); {@code subject} is the
 * pseudonymous consumer key, never a CPF; {@code payload} is a JSON object whose shape is fixed by
 * {@code type} and {@code schemaVersion}.
 *
 * <p>{@code sourceVersion} is the one ordering stamp of the pipeline: among the events of one subject that
 * write the same thing, the higher {@code sourceVersion} wins, however the queues deliver them. For events
 * derived from Base A it is the consumer row's version in Base A (a database sequence, so it also orders a
 * consumer erased and registered again after the erasure); for events of other producers it is the
 * producer's {@code occurredAt} in microseconds since the epoch ({@link #external}). Never a wall clock of
 * ours: two ingest-app replicas do not share one.
 */
public record EventEnvelope(UUID eventId, String type, int schemaVersion, Instant occurredAt, long sourceVersion,
                            Subject subject, JsonNode payload) {

    /** The ordering stamp's name, wherever it is stored: envelope field, message attribute, Base B stamp. */
    public static final String SOURCE_VERSION = "sourceVersion";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId is required");
        Objects.requireNonNull(type, "type is required");
        Objects.requireNonNull(occurredAt, "occurredAt is required");
        Objects.requireNonNull(subject, "subject is required");
        Objects.requireNonNull(payload, "payload is required");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("type must be dotted lower-case words, e.g. card.purchase");
        }
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be 1 or more");
        }
        if (sourceVersion < 0) {
            throw new IllegalArgumentException("sourceVersion must be 0 or more");
        }
        if (!payload.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object");
        }
    }

    /** An event derived from Base A: ordered by the consumer row's version there. */
    public static EventEnvelope fromBaseA(EventType type, Instant occurredAt, long rowVersion, Subject subject, JsonNode payload) {
        return new EventEnvelope(UUID.randomUUID(), type.wireName(), type.schemaVersion(), occurredAt, rowVersion, subject, payload);
    }

    /** An event of another producer, with a fresh id: ordered by its own {@code occurredAt}. */
    public static EventEnvelope external(EventType type, Instant occurredAt, Subject subject, JsonNode payload) {
        return external(UUID.randomUUID(), type.wireName(), type.schemaVersion(), occurredAt, subject, payload);
    }

    /** An event of another producer under the id the producer chose (re-sent batches stay idempotent). */
    public static EventEnvelope external(UUID eventId, String type, int schemaVersion, Instant occurredAt, Subject subject,
                                         JsonNode payload) {
        return new EventEnvelope(eventId, type, schemaVersion, occurredAt, micros(occurredAt), subject, payload);
    }

    /** Microseconds since the epoch: the {@code sourceVersion} of an event ordered by its occurred-at. */
    public static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** The type as the contract knows it, or empty for a type no module of this version knows. */
    public java.util.Optional<EventType> knownType() {
        return EventType.of(type);
    }
}
