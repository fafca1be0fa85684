package io.consumidor.parquet;

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
 * pseudonyms are not monotonic in subjects — hence the sort. Memory: one run of rows plus a read buffer per run
 * merged, and runs are merged at most {@value #FAN_IN} at a time: when a level holds that many, they become one
 * run of the next level (an external merge sort), so a partition of 5,000,000 rows merges a few dozen runs at the
 * end, not a thousand — memory does not grow with the partition. A partition that fits in one run never touches
 * the disk.
 */
public final class RowSorter implements AutoCloseable {

    private static final Comparator<Object[]> BY_KEY = KeyOrderMerge.BY_KEY;

    private final RowCodec codec;
    private final int runRows;
    private final Path directory;
    /** Runs per level: level 0 is spilled from memory; {@value #FAN_IN} runs of a level merge into one of the next. */
    private final List<List<Path>> levels = new ArrayList<>();
    static final int FAN_IN = 32;
    private int spilled;
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

    /** Runs spilled from memory (before any merge of runs). */
    public int spilledRuns() {
        return spilled;
    }

    private void spill() {
        Arrays.sort(buffer, 0, buffered, BY_KEY);
        try {
            add(0, write(Arrays.asList(buffer).subList(0, buffered).iterator()));
            spilled++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill sorted rows to " + directory + ": " + e.getMessage(), e);
        }
        Arrays.fill(buffer, 0, buffered, null);
        buffered = 0;
    }

    /** Adds a run to its level; a full level is merged into one run of the next. */
    private void add(int level, Path run) throws IOException {
        while (levels.size() <= level) {
            levels.add(new ArrayList<>());
        }
        List<Path> runs = levels.get(level);
        runs.add(run);
        if (runs.size() == FAN_IN) {
            List<RunReader> readers = new ArrayList<>();
            Path merged;
            try {
                for (Path each : runs) {
                    readers.add(new RunReader(each));
                }
                merged = write(new KeyOrderMerge(new ArrayList<>(readers)));
            } finally {
                for (RunReader reader : readers) {
                    reader.close();
                }
            }
            for (Path each : runs) {
                Files.deleteIfExists(each);
            }
            runs.clear();
            add(level + 1, merged);
        }
    }

    private Path write(Iterator<Object[]> sortedRows) throws IOException {
        Files.createDirectories(directory);
        Path run = Files.createTempFile(directory, "run-", ".rows");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
            while (sortedRows.hasNext()) {
                codec.write(sortedRows.next(), out);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(run); // a half-written run is nobody's: close() would not know it
            throw e;
        }
        return run;
    }

    /** Every row added, in key order. Call once, after the last {@link #add}. */
    public Iterator<Object[]> sorted() {
        Arrays.sort(buffer, 0, buffered, BY_KEY);
        List<Iterator<Object[]>> sources = new ArrayList<>();
        sources.add(Arrays.asList(buffer).subList(0, buffered).iterator());
        for (List<Path> runs : levels) {
            for (Path run : runs) {
                sources.add(new RunReader(run));
            }
        }
        return sources.size() == 1 ? sources.get(0) : new KeyOrderMerge(sources);
    }

    @Override
    public void close() {
        for (List<Path> runs : levels) {
            for (Path run : runs) {
                try {
                    Files.deleteIfExists(run);
                } catch (IOException ignored) {
                    // a temporary file; the next run's directory clean-up removes it
                }
            }
        }
        levels.clear();
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

        /** Closes the run's file (done by itself at its end; needed when a merge stops early). */
        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // a temporary file being read: nothing to lose
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
