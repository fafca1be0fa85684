package io.consumidor.jobs.rating;

import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.scorecard.Rating;

import java.util.Map;

/**
 * A profile's new rating, on its way to the writer, with the {@code sourceVersion} of each profile group it was
 * computed from (so a rating of facts an erasure removed can be told apart).
 */
record ScoredProfile(String subject, Rating rating, Map<ProfileGroup, Long> basis) {
}
