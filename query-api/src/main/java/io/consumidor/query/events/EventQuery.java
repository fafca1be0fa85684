package io.consumidor.query.events;

import io.consumidor.query.web.InvalidRequestException;

import io.consumidor.core.event.EventType;
import io.consumidor.core.subject.Subject;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * One page request of a subject's events, validated: the subject's format, a known type, a time range that is
 * a range, a page size within bounds. {@code from} is inclusive, {@code to} exclusive (by {@code occurredAt}).
 */
record EventQuery(Subject subject, Optional<EventType> type, Optional<Instant> from, Optional<Instant> to, int size,
                  Optional<Cursor> after) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    static EventQuery parse(String subject, String type, String from, String to, Integer size, String next) {
        Subject parsedSubject;
        try {
            parsedSubject = new Subject(subject);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("subject", e.getMessage());
        }
        Optional<EventType> parsedType = type == null ? Optional.empty() : Optional.of(EventType.of(type)
                .orElseThrow(() -> new InvalidRequestException("type", "unknown event type; one of " + java.util.Arrays.stream(EventType.values()).map(EventType::wireName).toList())));
        Optional<Instant> parsedFrom = instant("from", from);
        Optional<Instant> parsedTo = instant("to", to);
        if (parsedFrom.isPresent() && parsedTo.isPresent() && !parsedFrom.get().isBefore(parsedTo.get())) {
            throw new InvalidRequestException("to", "must be after from");
        }
        int pageSize = size == null ? DEFAULT_SIZE : size;
        if (pageSize < 1 || pageSize > MAX_SIZE) {
            throw new InvalidRequestException("size", "must be between 1 and " + MAX_SIZE);
        }
        EventQuery query = new EventQuery(parsedSubject, parsedType, parsedFrom, parsedTo, pageSize, Optional.empty());
        if (next == null) {
            return query;
        }
        Cursor cursor = Cursor.decode(next);
        if (cursor.filters() != query.filterFingerprint()) {
            throw new InvalidRequestException("next", "belongs to another query: page on with the same subject, type, from and to");
        }
        return new EventQuery(parsedSubject, parsedType, parsedFrom, parsedTo, pageSize, Optional.of(cursor));
    }

    /** What a cursor must have been issued for: a token of one query cannot page another. */
    int filterFingerprint() {
        return java.util.Objects.hash(subject.value(), type.map(EventType::wireName).orElse(""), from.map(Instant::toString).orElse(""),
                to.map(Instant::toString).orElse(""));
    }

    private static Optional<Instant> instant(String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeException e) {
            throw new InvalidRequestException(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }
}
