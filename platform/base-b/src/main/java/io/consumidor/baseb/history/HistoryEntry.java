package io.consumidor.baseb.history;

import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.ProfileGroup;

/**
 * One fact update of {@code profileHistory}: a group's value for a subject with its stamps. Its id is derived
 * from the fact, so a redelivered event — or the same Base A version replayed with another event id — is
 * stored once: {@code <subject>|<group>|<sourceVersion, 19 digits>} for Base A groups (one version of a group
 * is one fact), with {@code |<eventId>} added for producers' facts (two producers may report at the same
 * instant). Ids sort by subject, then group, then version, which is the order as-of reads scan in.
 */
public record HistoryEntry(String subject, ProfileGroup group, Fact<?> fact) {

    public String id() {
        String key = baseAId(subject, group, fact.sourceVersion());
        return group.origin() == io.consumidor.core.event.EventType.Origin.BASE_A ? key : key + "|" + fact.eventId();
    }

    /** The id of a Base A group's entry for one version (the whole id: one version of a group is one fact). */
    public static String baseAId(String subject, ProfileGroup group, long sourceVersion) {
        return "%s|%s|%019d".formatted(subject, group.fieldName(), sourceVersion);
    }
}
