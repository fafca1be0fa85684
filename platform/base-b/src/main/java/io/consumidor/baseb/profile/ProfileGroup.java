package io.consumidor.baseb.profile;

import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.ConsumerProfile;
import io.consumidor.core.payload.DebtSummaryChanged;
import io.consumidor.core.payload.Payloads;
import io.consumidor.core.payload.ReportedFacts;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The groups a profile document is made of. Each group is written as a whole by the newest event that
 * carries it (by {@code sourceVersion}), and says which event types carry it and how to take it from their
 * payload — so what the router writes and what the readers read is defined here, once.
 */
public enum ProfileGroup {

    /** Birth year, region, assets and income sources, from Base A. */
    PERSONAL("profile", EventType.Origin.BASE_A, EnumSet.of(EventType.CONSUMER_PROFILE)),
    /** The debt summary, from Base A: with every registration, and after each debt change. */
    DEBT_SUMMARY("debtSummary", EventType.Origin.BASE_A, EnumSet.of(EventType.CONSUMER_PROFILE, EventType.CONSUMER_DEBT_SUMMARY)),
    /** Facts other producers report through the intake. */
    REPORTED_FACTS("reportedFacts", EventType.Origin.PRODUCER, EnumSet.of(EventType.CONSUMER_FACTS));

    private final String fieldName;
    private final EventType.Origin origin;
    private final Set<EventType> sources;

    ProfileGroup(String fieldName, EventType.Origin origin, Set<EventType> sources) {
        this.fieldName = fieldName;
        this.origin = origin;
        this.sources = sources;
    }

    /** The group's field in the profile document, and its name in {@code routes.yml}. */
    public String fieldName() {
        return fieldName;
    }

    /** Where its facts' ordering stamp comes from; it decides how an erasure is compared with them. */
    public EventType.Origin origin() {
        return origin;
    }

    public Set<EventType> sources() {
        return sources;
    }

    public static Optional<ProfileGroup> ofField(String fieldName) {
        return Arrays.stream(values()).filter(g -> g.fieldName.equals(fieldName)).findFirst();
    }

    /**
     * The group's value carried by the event (a {@code PersonalFacts}, {@code DebtSummary} or {@code ReportedFacts}).
     *
     * @throws IllegalArgumentException for an event type that does not carry this group
     * @throws io.consumidor.core.event.MalformedEventException for a payload that breaks its type's contract
     */
    public Object valueOf(EventEnvelope event) {
        EventType type = event.knownType().filter(sources::contains)
                .orElseThrow(() -> new IllegalArgumentException(event.type() + " does not carry the " + fieldName + " group"));
        return switch (this) {
            case PERSONAL -> Payloads.read(event, ConsumerProfile.class).personalFacts();
            case DEBT_SUMMARY -> type == EventType.CONSUMER_PROFILE
                    ? Payloads.read(event, ConsumerProfile.class).debtSummary()
                    : Payloads.read(event, DebtSummaryChanged.class).debtSummary();
            case REPORTED_FACTS -> Payloads.read(event, ReportedFacts.class);
        };
    }

    /** The fact the event carries for this group, stamped: recorded now by the caller. */
    public Fact<Object> factOf(EventEnvelope event, java.time.Instant recordedAt) {
        return new Fact<>(valueOf(event), event.sourceVersion(), event.occurredAt(), recordedAt, event.eventId().toString());
    }
}
