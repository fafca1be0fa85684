package io.consumidor.jobs.mlexport.parquet;

import java.util.Objects;

/**
 * One column of a dataset, documented for the people who train on it: what it means, where it comes from and over
 * which window. The documentation travels in the Parquet footer ({@link DatasetSchema}) as well as the README.
 */
public record Column(String name, ColumnType type, boolean nullable, String meaning, String source, String window) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(source, "source");
        window = window == null ? "" : window;
    }
}
