package io.consumidor.core.event;

import io.consumidor.core.wire.Feed;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Every event type on the queues, declared once: its name on the wire, the feed(s) that carry it, its
 * current schema version and who produces it. Routes, the intake, the router's writers and the readers of
 * Base B and C refer to these constants; a type missing here cannot be routed.
 */
public enum EventType {

    /** Base A registered or replaced a consumer: the facts Base B keeps (birth year, region, assets, income, debt summary). */
    CONSUMER_PROFILE("consumer.profile", Origin.BASE_A, null, Feed.PROFILE),
    /** A debt of the consumer was added or settled in Base A: the new debt summary. */
    CONSUMER_DEBT_SUMMARY("consumer.debt_summary", Origin.BASE_A, null, Feed.PROFILE),
    /** Facts about the consumer reported by another producer through the intake (income, counts of assets). */
    CONSUMER_FACTS("consumer.facts", Origin.PRODUCER, "events:facts", Feed.PROFILE),
    /**
     * The consumer was erased from Base A (LGPD): every store forgets the subject. On the profile feed only, whose
     * queue Base A alone may send to: the router erases Base B and Base C from it, and refuses an erasure from the
     * activity queue, which other producers reach.
     */
    CONSUMER_ERASED("consumer.erased", Origin.BASE_A, null, Feed.PROFILE),
    /** Somebody looked the consumer up: Base A's own lookups and partner bureaus' queries. */
    BUREAU_QUERY("bureau.query", Origin.PRODUCER, "events:bureau-query", Feed.ACTIVITY),
    /** A card purchase reported through the intake. */
    CARD_PURCHASE("card.purchase", Origin.PRODUCER, "events:card", Feed.ACTIVITY),
    /** Money in or out of the consumer's accounts, reported through the intake. */
    FINANCIAL_MOVEMENT("financial.movement", Origin.PRODUCER, "events:movement", Feed.ACTIVITY);

    /** Where the ordering stamp ({@code sourceVersion}) of a type's events comes from. */
    public enum Origin {
        /** Base A's row version of the consumer. */
        BASE_A,
        /** The producer's occurred-at, in microseconds. */
        PRODUCER
    }

    private final String wireName;
    private final Origin origin;
    private final Set<Feed> feeds;
    private final String intakeScope;

    EventType(String wireName, Origin origin, String intakeScope, Feed first, Feed... more) {
        this.wireName = wireName;
        this.origin = origin;
        this.intakeScope = intakeScope;
        this.feeds = EnumSet.of(first, more);
    }

    public String wireName() {
        return wireName;
    }

    /** Every type is at schema version 1 today; a change of a payload's shape bumps its type's version here. */
    public int schemaVersion() {
        return 1;
    }

    public Origin origin() {
        return origin;
    }

    public Set<Feed> feeds() {
        return feeds;
    }

    /**
     * The scope a producer's token needs to send this type through Base A's intake ({@code POST /events}); empty
     * for Base A's own types, which no producer may send. One scope per type: a card network's token cannot
     * record bureau queries, nor a bureau's report income.
     */
    public java.util.Optional<String> intakeScope() {
        return java.util.Optional.ofNullable(intakeScope);
    }

    /** Every intake scope, in declaration order. */
    public static java.util.List<String> intakeScopes() {
        return java.util.Arrays.stream(values()).flatMap(type -> type.intakeScope().stream()).toList();
    }

    public static Optional<EventType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
