package io.consumidor.jobs.mlexport.parquet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Puts a partition's rows in key order (column 0, the pseudonym) with bounded memory: rows are collected up to
 * {@code runRows}, sorted and spilled to a temporary file as a sorted run; {@link #sorted()} merges the runs
 * (k-way, one buffered row per run). Partitions are subject ranges but files are in pseudonym order, and
 * pseudonyms are not monotonic in subjects — hence the sort. Memory: one run of rows plus a read buffer per run.
 * A partition that fits in one run never touches the disk.
 */
public final class RowSorter implements AutoCloseable {

    private static final Comparator<Object[]> BY_KEY = KeyOrderMerge.BY_KEY;

    private final RowCodec codec;
    private final int runRows;
    private final Path directory;
    private final List<Path> runs = new ArrayList<>();
    private Object[][] buffer;
    private int buffered;
    private long rows;

    public RowSorter(RowCodec codec, int runRows, Path directory) {
        this.codec = codec;
        this.runRows = runRows;
        this.directory = directory;
        this.buffer = new Object[Math.min(runRows, 1024)][];
    }

    public void add(Object[] row) {
        if (buffered == buffer.length) {
            if (buffered == runRows) {
                spill();
            } else {
                buffer = Arrays.copyOf(buffer, Math.min(runRows, buffer.length * 2));
            }
        }
        buffer[buffered++] = row;
        rows++;
    }

    public long rows() {
        return rows;
    }

    public int spilledRuns() {
        return runs.size();
    }

    private void spill() {
        Arrays.sort(buffer, 0, buffered, BY_KEY);
        try {
            Files.createDirectories(directory);
            Path run = Files.createTempFile(directory, "run-", ".rows");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                for (int i = 0; i < buffered; i++) {
                    codec.write(buffer[i], out);
                }
            }
            runs.add(run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill sorted rows to " + directory + ": " + e.getMessage(), e);
        }
        Arrays.fill(buffer, 0, buffered, null);
        buffered = 0;
    }

    /** Every row added, in key order. Call once, after the last {@link #add}. */
    public Iterator<Object[]> sorted() {
        Arrays.sort(buffer, 0, buffered, BY_KEY);
        List<Iterator<Object[]>> sources = new ArrayList<>();
        sources.add(Arrays.asList(buffer).subList(0, buffered).iterator());
        for (Path run : runs) {
            sources.add(new RunReader(run));
        }
        return sources.size() == 1 ? sources.get(0) : new KeyOrderMerge(sources);
    }

    @Override
    public void close() {
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException ignored) {
                // a temporary file; the next run's directory clean-up removes it
            }
        }
        runs.clear();
        buffer = new Object[0][];
        buffered = 0;
    }

    private final class RunReader implements Iterator<Object[]> {
        private final DataInputStream in;
        private Object[] next;

        RunReader(Path run) {
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            advance();
        }

        private void advance() {
            try {
                next = codec.read(in);
            } catch (EOFException end) {
                next = null;
                try {
                    in.close();
                } catch (IOException ignored) {
                    // read to the end already
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Object[] next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Object[] row = next;
            advance();
            return row;
        }
    }
}
