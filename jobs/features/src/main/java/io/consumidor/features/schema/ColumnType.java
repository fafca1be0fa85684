package io.consumidor.features.schema;

/**
 * The column types a dataset uses (their Parquet physical and logical types, and how a Java value is written, are
 * parquet-files' {@code ParquetColumns}).
 * Money is DECIMAL(18,2) on INT64 (exact, and what DuckDB, Spark and pandas read as decimal); instants are UTC
 * TIMESTAMP(MICROS); strings are UTF-8, dictionary-encoded by the writer.
 */
public enum ColumnType {
    STRING, INT, LONG, DOUBLE, BOOLEAN, DATE, TIMESTAMP, MONEY
}
