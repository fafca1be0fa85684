package io.consumidor.batch.rating;

import org.bson.Document;

/** A profile document as read, with the subject's count of recent bureau queries from Base C (one request per page). */
record RatingCandidate(Document profile, int recentBureauQueries) {
}
