package io.consumidor.core.event;

import io.consumidor.core.subject.Subject;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one versioned wrapper of every message on the queues. {@code eventId} is the idempotency key
 * (a redelivered message carries the same id, so writes keyed by it happen once); {@code subject} is the
 * pseudonymous consumer key, never a CPF; {@code payload} is a JSON object whose shape is fixed by
 * {@code type} and {@code schemaVersion}.
 */
public record EventEnvelope(UUID eventId, String type, int schemaVersion, Instant occurredAt, Subject subject, JsonNode payload) {

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
        if (!payload.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object");
        }
    }

    /** A new event with a fresh random id. */
    public static EventEnvelope of(String type, int schemaVersion, Instant occurredAt, Subject subject, JsonNode payload) {
        return new EventEnvelope(UUID.randomUUID(), type, schemaVersion, occurredAt, subject, payload);
    }
}
