package io.consumidor.batch.rating;

import io.consumidor.batch.scorecard.Rating;
import org.bson.Document;

import java.util.List;

/** A {@link Rating} as stored in {@code ratings} and {@code ratingHistory}, and back. */
final class RatingDocuments {

    private RatingDocuments() {
    }

    static Document document(Rating rating) {
        return new Document("score", rating.score()).append("band", rating.band())
                .append("reasons", rating.reasons().stream().map(r -> new Document("code", r.code())
                        .append("characteristic", r.characteristic()).append("text", r.text())
                        .append("pointsLost", r.pointsLost()).append("missing", r.missing())).toList())
                .append("modelVersion", rating.modelVersion()).append("inputsFingerprint", rating.inputsFingerprint());
    }

    static Rating rating(Document doc) {
        List<Rating.Reason> reasons = doc.getList("reasons", Document.class).stream()
                .map(r -> new Rating.Reason(r.getString("code"), r.getString("characteristic"), r.getString("text"),
                        r.getInteger("pointsLost"), r.getBoolean("missing"))).toList();
        return new Rating(doc.getInteger("score"), doc.getString("band"), reasons, doc.getString("modelVersion"),
                doc.getString("inputsFingerprint"));
    }
}
