package io.consumidor.features.logs;

import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.rows.LabelRules;
import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.Column.Role;
import io.consumidor.features.schema.ColumnType;
import io.consumidor.features.schema.DatasetSchema;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The contract of the logged feature lookups, shared by their writer (the query API) and their reader (the
 * consistency job): where they live on S3, the commit protocol, and the columns of a log file.
 *
 * <p>Layout: {@code <prefix>/<dataset>/date=YYYY-MM-DD/batch=<id>/part-00000.parquet}, then {@code _SUCCESS} in the
 * same batch directory, written last — as a dataset run's {@code _SUCCESS}: a batch without it is being written or
 * was abandoned, and no reader counts it. The day's consistency report is {@code date=YYYY-MM-DD/_consistency.json}.
 * The date is the lookup's, in the dataset's zone.
 *
 * <p>A log row is {@code pseudonym} (the dataset's: no CPF, no subject), {@code looked_up_at} (the lookup's T, to the
 * millisecond), {@code definition_hash}, {@code population} (null: inside; else why not), {@code unavailable} (the
 * columns a store did not answer for, comma-separated, or null), then every served column of the dataset with its
 * name and type.
 */
public final class FeatureLogs {

    /** The key prefix of the logs in the bucket, beside the datasets' {@code datasets}. */
    public static final String PREFIX = "feature-logs";
    public static final String SUCCESS = "_SUCCESS";
    public static final String PART = "part-00000.parquet";
    public static final String REPORT = "_consistency.json";
    public static final String PSEUDONYM = Dataset.PSEUDONYM;
    public static final String LOOKED_UP_AT = "looked_up_at";
    public static final String DEFINITION_HASH = "definition_hash";
    public static final String POPULATION = "population";
    public static final String UNAVAILABLE = "unavailable";
    /** Columns before the served ones. */
    public static final int HEAD = 5;

    private FeatureLogs() {
    }

    /** The columns an online lookup answers: every feature and lineage column of the dataset, in its order. */
    public static List<Column> served(Dataset dataset) {
        return dataset.schema().columns().stream().filter(c -> c.role() == Role.FEATURE || c.role() == Role.LINEAGE).toList();
    }

    public static DatasetSchema schema(Dataset dataset) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(PSEUDONYM, ColumnType.STRING, false, "the consumer's pseudonym in the dataset", "the dataset's key", "", Role.KEY));
        columns.add(new Column(LOOKED_UP_AT, ColumnType.TIMESTAMP, false, "the instant the lookup's features are as of (T)", "the query API's clock",
                "", Role.KEY));
        columns.add(new Column(DEFINITION_HASH, ColumnType.STRING, false, "the dataset definition the lookup was computed by", "datasets.yml",
                "", Role.LINEAGE));
        columns.add(new Column(POPULATION, ColumnType.STRING, true, "null: inside the dataset's population at T; else why not", "the label rules",
                "as of T", Role.LINEAGE));
        columns.add(new Column(UNAVAILABLE, ColumnType.STRING, true, "the columns a store did not answer for (comma-separated), or null",
                "the lookup", "", Role.LINEAGE));
        columns.addAll(served(dataset));
        return new DatasetSchema("feature-log/" + dataset.name(), dataset.version(), columns);
    }

    /** {@code <prefix>/<dataset>/date=YYYY-MM-DD/} */
    public static String day(String prefix, String dataset, LocalDate date) {
        return prefix + "/" + dataset + "/date=" + date + "/";
    }

    /** {@code <prefix>/<dataset>/date=YYYY-MM-DD/batch=<id>/} */
    public static String batch(String prefix, String dataset, LocalDate date, String batchId) {
        return day(prefix, dataset, date) + "batch=" + batchId + "/";
    }

    /**
     * Whether a subject's lookups are logged: its pseudonym (a keyed hash of the subject) read as a fraction of 2^32
     * below {@code share}. By the subject, not by the lookup, so every lookup of a sampled subject is kept — its
     * whole history of answers, which is what a consistency check over time needs; and by a keyed hash, so nobody
     * outside can steer who is sampled.
     */
    public static boolean sampled(String pseudonym, double share) {
        if (share >= 1) {
            return true;
        }
        long head = Long.parseLong(pseudonym.substring(0, 8), 16);
        return head < share * (1L << 32);
    }

    /** How an exclusion is written in a log and an answer: {@code no-exposure}, {@code bad-at-observation}. */
    public static String population(LabelRules.Exclusion exclusion) {
        return exclusion == null ? null : exclusion.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
