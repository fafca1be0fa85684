package io.consumidor.baseb.rating;

import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.MalformedProfileException;
import io.consumidor.baseb.profile.ProfileGroup;
import org.bson.Document;

import java.time.LocalDate;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The BSON of a {@link RatingRecord}, both ways; shared by the rating job, the ML export and the query API. */
public final class RatingCodec {

    public static final String SCORE = "score";
    public static final String BAND = "band";
    public static final String REASONS = "reasons";
    public static final String MODEL_VERSION = "modelVersion";
    public static final String INPUTS_FINGERPRINT = "inputsFingerprint";
    public static final String REVISION = "revision";
    public static final String RATED_AT = "ratedAt";
    public static final String RUN_DATE = "runDate";
    public static final String RUN_ID = "runId";
    public static final String BASIS = "basis";

    private RatingCodec() {
    }

    /** The current-rating document ({@code _id} = subject). */
    public static Document current(RatingRecord rating) {
        return document(rating).append("_id", rating.subject());
    }

    /** The history document ({@code _id} = subject|revision). */
    public static Document history(RatingRecord rating) {
        return document(rating).append("_id", historyId(rating.subject(), rating.revision()));
    }

    public static String historyId(String subject, long revision) {
        return subject + "|" + revision;
    }

    private static Document document(RatingRecord rating) {
        Document basis = new Document();
        rating.basis().forEach((group, version) -> basis.append(group.fieldName(), version));
        return new Document(BaseBCollections.SUBJECT, rating.subject()).append(SCORE, rating.score()).append(BAND, rating.band())
                .append(REASONS, rating.reasons().stream().map(r -> new Document("code", r.code())
                        .append("characteristic", r.characteristic()).append("text", r.text())
                        .append("pointsLost", r.pointsLost()).append("missing", r.missing())).toList())
                .append(MODEL_VERSION, rating.modelVersion()).append(INPUTS_FINGERPRINT, rating.inputsFingerprint())
                .append(REVISION, rating.revision()).append(RATED_AT, Date.from(rating.ratedAt()))
                .append(RUN_DATE, rating.runDate().toString()).append(RUN_ID, rating.runId()).append(BASIS, basis);
    }

    public static RatingRecord read(Document doc) {
        try {
            List<RatingRecord.Reason> reasons = doc.getList(REASONS, Document.class).stream()
                    .map(r -> new RatingRecord.Reason(r.getString("code"), r.getString("characteristic"), r.getString("text"),
                            r.getInteger("pointsLost"), r.getBoolean("missing"))).toList();
            Map<ProfileGroup, Long> basis = new EnumMap<>(ProfileGroup.class);
            Document stored = doc.get(BASIS, Document.class);
            if (stored != null) {
                stored.forEach((name, version) -> ProfileGroup.ofField(name)
                        .ifPresent(group -> basis.put(group, ((Number) version).longValue())));
            }
            return new RatingRecord(doc.getString(BaseBCollections.SUBJECT), doc.getInteger(SCORE), doc.getString(BAND), reasons,
                    doc.getString(MODEL_VERSION), doc.getString(INPUTS_FINGERPRINT), ((Number) doc.get(REVISION)).longValue(),
                    doc.getDate(RATED_AT).toInstant(), LocalDate.parse(doc.getString(RUN_DATE)), doc.getString(RUN_ID), basis);
        } catch (RuntimeException e) {
            throw new MalformedProfileException("rating " + doc.get("_id") + " does not follow the contract: " + e.getClass().getSimpleName());
        }
    }
}
