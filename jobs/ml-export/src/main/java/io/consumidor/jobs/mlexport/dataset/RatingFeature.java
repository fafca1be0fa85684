package io.consumidor.jobs.mlexport.dataset;

import io.consumidor.jobs.mlexport.parquet.ColumnType;

/** Features of the rating in force at T: the newest revision of {@code ratingHistory} rated at or before T. */
public enum RatingFeature {
    SCORE("rating_score", ColumnType.INT, "credit score 0-1000 in force at T"),
    BAND("rating_band", ColumnType.STRING, "its band"),
    REASON_CODES("rating_reason_codes", ColumnType.STRING, "its reason codes, most points lost first, comma-separated"),
    MODEL_VERSION("rating_model_version", ColumnType.STRING, "the scorecard version that computed it"),
    RATED_AT("rating_rated_at", ColumnType.TIMESTAMP, "when it was computed (start of its validity), UTC");

    private final String column;
    private final ColumnType type;
    private final String meaning;

    RatingFeature(String column, ColumnType type, String meaning) {
        this.column = column;
        this.type = type;
        this.meaning = meaning;
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
}
