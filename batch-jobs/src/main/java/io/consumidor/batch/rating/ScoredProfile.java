package io.consumidor.batch.rating;

import io.consumidor.batch.scorecard.Rating;

/** A profile's new rating, on its way to the writer. */
record ScoredProfile(String subject, Rating rating) {
}
