package io.consumidor.jobs.mlexport.job;

import io.consumidor.features.schema.DatasetSchema;
import io.consumidor.parquet.RowCodec;
import io.consumidor.parquet.RowSorter;
import io.consumidor.jobs.mlexport.store.DatasetStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Benchmark access to the write half of a partition: rows through the job's own sorter (sorted runs spilled at
 * {@code sort-run-rows}), Parquet writer, profile, content hash and multipart upload — the part of a partition
 * whose state could grow with its rows (the reads are cursors with one page in memory).
 */
public final class PartitionFileAccess {

    private PartitionFileAccess() {
    }

    /** Writes the rows to {@code key}; returns {rows, bytes, spilled runs}. */
    public static long[] write(DatasetSchema schema, DatasetStore store, ExportProperties properties, Iterator<Object[]> rows, String key)
            throws IOException {
        Path directory = Files.createTempDirectory("partition-file");
        try {
            RowSorter sorter = new RowSorter(new RowCodec(schema), properties.sortRunRows(), directory);
            while (rows.hasNext()) {
                sorter.add(rows.next());
            }
            int runs = sorter.spilledRuns();
            PartitionFile.Written file = new PartitionFile(schema, store, properties).write(key, sorter);
            return new long[] {file.rows(), file.bytes(), runs};
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
