package io.consumidor.features.dataset;

import io.consumidor.features.schema.ColumnType;

/**
 * The rating actually served at T: the newest revision of {@code ratingHistory} rated at or before T. Its score
 * and band are features (what a lender saw then); its model version and rating time are lineage, to audit with.
 * For training prefer {@code score_at_t}, which the current scorecard computes for every row the same way.
 */
public enum RatingFeature {
    SCORE("served_rating_score", ColumnType.INT, "credit score 0-1000 served at T (null: no rating had run for the consumer by T)", false),
    BAND("served_rating_band", ColumnType.STRING, "its band", false),
    MODEL_VERSION("served_rating_model_version", ColumnType.STRING, "the scorecard version that computed it", true),
    RATED_AT("served_rating_rated_at", ColumnType.TIMESTAMP, "when it was computed (start of its validity), UTC", true);

    private final String column;
    private final ColumnType type;
    private final String meaning;
    private final boolean lineage;

    RatingFeature(String column, ColumnType type, String meaning, boolean lineage) {
        this.column = column;
        this.type = type;
        this.meaning = meaning;
        this.lineage = lineage;
    }

    public String column() {
        return column;
    }

    public ColumnType type() {
        return type;
    }

    public String meaning() {
        return meaning;
    }

    public boolean lineage() {
        return lineage;
    }
}
