package io.consumidor.jobs.rating;

import org.bson.Document;

/**
 * A profile document as read, with the subject's count of recent bureau queries from Base C (one request per
 * page). A class with identity equality, not a record: Spring Batch keeps chunk items in hash-based
 * structures, and a record would hash the whole document every time.
 */
final class RatingCandidate {

    private final Document profile;
    private final int recentBureauQueries;

    RatingCandidate(Document profile, int recentBureauQueries) {
        this.profile = profile;
        this.recentBureauQueries = recentBureauQueries;
    }

    Document profile() {
        return profile;
    }

    int recentBureauQueries() {
        return recentBureauQueries;
    }
}
