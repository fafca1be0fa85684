package io.consumidor.baseb.profile;

import java.time.Instant;

/**
 * A document of {@code profiles} as read: the subject's current facts, the stamps of a past erasure (null if
 * none) and when the document last changed. Without any fact it is an erasure tombstone.
 */
public record ProfileDocument(Profile profile, Erasure erasure, Instant updatedAt) {

    public String subject() {
        return profile.subject();
    }

    public boolean isTombstone() {
        return profile.isEmpty();
    }
}
