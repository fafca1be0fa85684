package io.consumidor.features.schema;

import java.util.Objects;

/**
 * One column of a dataset, documented for the people who train on it: what it means, where it comes from, over
 * which window, and its role — the key, a feature to fit on, the label (and its status), or lineage (which model
 * or run produced a value: to audit with, never to fit on). The documentation travels in the Parquet footer
 * ({@link DatasetSchema}) as well as the README.
 */
public record Column(String name, ColumnType type, boolean nullable, String meaning, String source, String window, Role role) {

    public enum Role { KEY, FEATURE, LABEL, LINEAGE }

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(source, "source");
        window = window == null ? "" : window;
        role = role == null ? Role.FEATURE : role;
    }

    /** A feature column. */
    public Column(String name, ColumnType type, boolean nullable, String meaning, String source, String window) {
        this(name, type, nullable, meaning, source, window, Role.FEATURE);
    }
}
