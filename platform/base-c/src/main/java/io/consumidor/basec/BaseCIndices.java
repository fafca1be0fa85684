package io.consumidor.basec;

import io.consumidor.core.wire.Namespace;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The Elasticsearch indices of Base C in one deployment's {@link Namespace}, declared once:
 * <ul>
 *   <li>{@code events-yyyy.MM}: every activity event, by the month (UTC) it occurred in, {@code _id} = event id;</li>
 *   <li>{@code latest}: the newest event of each type per subject, {@code _id} = {@code <subject>|<type>};</li>
 *   <li>{@code erasures}: one marker per erased subject, for the sweep of late events.</li>
 * </ul>
 */
public record BaseCIndices(Namespace namespace) {

    /** Logical name of the activity log in routes ({@code target: events}). */
    public static final String EVENTS = "events";
    /** Logical name of the "latest" documents in routes ({@code target: latest}). */
    public static final String LATEST = "latest";

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    public static BaseCIndices of(Namespace namespace) {
        return new BaseCIndices(namespace);
    }

    /** The monthly index an event that occurred at {@code occurredAt} belongs to. */
    public String eventsFor(Instant occurredAt) {
        return namespace.apply(EVENTS + "-" + MONTH.format(occurredAt));
    }

    /**
     * The monthly indices that can hold events that occurred in {@code [from, to]}, oldest first: a search of a
     * recent window names only these instead of every month ever written ({@link #events()}), so Elasticsearch
     * visits a handful of shards, not the whole history.
     */
    public java.util.List<String> eventsBetween(Instant from, Instant to) {
        java.util.List<String> months = new java.util.ArrayList<>();
        java.time.YearMonth last = java.time.YearMonth.from(to.atZone(ZoneOffset.UTC));
        for (java.time.YearMonth month = java.time.YearMonth.from(from.atZone(ZoneOffset.UTC)); !month.isAfter(last); month = month.plusMonths(1)) {
            months.add(eventsFor(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return months;
    }

    /** All monthly event indices, for searches. */
    public String events() {
        return namespace.apply(EVENTS + "-*");
    }

    public String latest() {
        return namespace.apply(LATEST);
    }

    public String erasures() {
        return namespace.apply("erasures");
    }

    /** The indices an erasure deletes from. */
    public java.util.List<String> subjectData() {
        return java.util.List.of(events(), latest());
    }

    /** The search pattern of a logical index name ({@link #EVENTS} or {@link #LATEST}). */
    public String searchPattern(String logical) {
        return switch (logical) {
            case EVENTS -> events();
            case LATEST -> latest();
            default -> throw new IllegalArgumentException("no Base C index is called '" + logical + "' (known: events, latest)");
        };
    }

    /** {@code _id} of the "latest" document of one subject and type. */
    public static String latestId(String subject, String type) {
        return subject + "|" + type;
    }
}
