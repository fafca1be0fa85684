package io.consumidor.jobs.mlexport.cli;

import io.consumidor.parquet.DatasetFileReader;
import io.consumidor.parquet.KeyOrderMerge;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.Manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Two runs of the same snapshot compared row by row (by pseudonym): rows added, removed and changed, and per
 * column how many matched rows changed and how its mean moved. Each run's files are sorted by pseudonym within
 * themselves, so each run is read as a k-way merge of its files and the two merges are joined: memory holds one
 * row per file, whatever the size. Files are fetched to a temporary folder and checked against the manifest.
 */
final class RunDiff {

    /** Per column: matched rows whose value changed, and the means in each run (numeric columns). */
    record ColumnDrift(String column, long changed, Double meanBefore, Double meanAfter) {
    }

    record Result(long rowsBefore, long rowsAfter, long added, long removed, long changed, List<ColumnDrift> columns) {
    }

    private final DatasetStore store;

    RunDiff(DatasetStore store) {
        this.store = store;
    }

    Result diff(Manifest before, Manifest after) throws IOException {
        if (!before.schema().equals(after.schema())) {
            throw new IllegalArgumentException("the runs have different schemas (definition " + before.definitionHash().substring(0, 12)
                    + " vs " + after.definitionHash().substring(0, 12) + "): compare runs of one definition");
        }
        Path temp = Files.createTempDirectory("export-diff-");
        try (Merged a = new Merged(fetch(before, temp.resolve("a"))); Merged b = new Merged(fetch(after, temp.resolve("b")))) {
            List<Manifest.SchemaColumn> columns = before.schema();
            long[] changedPerColumn = new long[columns.size()];
            double[] sumA = new double[columns.size()];
            double[] sumB = new double[columns.size()];
            long[] countA = new long[columns.size()];
            long[] countB = new long[columns.size()];
            long rowsA = 0, rowsB = 0, added = 0, removed = 0, changed = 0;
            Object[] x = a.hasNext() ? a.next() : null;
            Object[] y = b.hasNext() ? b.next() : null;
            while (x != null || y != null) {
                int order = x == null ? 1 : y == null ? -1 : ((String) x[0]).compareTo((String) y[0]);
                if (order <= 0) {
                    rowsA++;
                    accumulate(x, sumA, countA);
                }
                if (order >= 0) {
                    rowsB++;
                    accumulate(y, sumB, countB);
                }
                if (order < 0) {
                    removed++;
                } else if (order > 0) {
                    added++;
                } else {
                    boolean any = false;
                    for (int i = 1; i < columns.size(); i++) {
                        if (!Objects.equals(x[i], y[i])) {
                            changedPerColumn[i]++;
                            any = true;
                        }
                    }
                    if (any) {
                        changed++;
                    }
                }
                if (order <= 0) {
                    x = a.hasNext() ? a.next() : null;
                }
                if (order >= 0) {
                    y = b.hasNext() ? b.next() : null;
                }
            }
            List<ColumnDrift> drift = new ArrayList<>();
            for (int i = 1; i < columns.size(); i++) {
                drift.add(new ColumnDrift(columns.get(i).name(), changedPerColumn[i], countA[i] == 0 ? null : sumA[i] / countA[i],
                        countB[i] == 0 ? null : sumB[i] / countB[i]));
            }
            return new Result(rowsA, rowsB, added, removed, changed, drift);
        } finally {
            try (var files = Files.walk(temp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void accumulate(Object[] row, double[] sums, long[] counts) {
        for (int i = 1; i < row.length; i++) {
            if (row[i] instanceof Number n) {
                sums[i] += n.doubleValue();
                counts[i]++;
            } else if (row[i] instanceof Boolean flag) {
                sums[i] += flag ? 1 : 0;
                counts[i]++;
            }
        }
    }

    private List<Path> fetch(Manifest manifest, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (Manifest.FileEntry entry : manifest.files()) {
            Path file = folder.resolve(entry.key().substring(entry.key().lastIndexOf('/') + 1));
            store.download(entry.key(), file);
            if (Files.size(file) != entry.bytes() || !sha256(file).equals(entry.sha256())) {
                throw new IllegalStateException(entry.key() + " does not match its manifest (size or SHA-256): the run was altered");
            }
            files.add(file);
        }
        return files;
    }

    private static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a run's files (each sorted by pseudonym) in pseudonym order, and the readers to close. */
    private static final class Merged implements Iterator<Object[]>, AutoCloseable {

        private final List<DatasetFileReader> readers = new ArrayList<>();
        private final KeyOrderMerge merge;

        Merged(List<Path> files) throws IOException {
            for (Path file : files) {
                readers.add(new DatasetFileReader(file));
            }
            merge = new KeyOrderMerge(readers);
        }

        @Override
        public boolean hasNext() {
            return merge.hasNext();
        }

        @Override
        public Object[] next() {
            return merge.next();
        }

        @Override
        public void close() {
            for (DatasetFileReader reader : readers) {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    static void print(java.io.PrintStream out, Result result) {
        out.printf("rows %,d -> %,d: %,d added, %,d removed, %,d changed%n", result.rowsBefore(), result.rowsAfter(), result.added(),
                result.removed(), result.changed());
        out.printf("  %-38s %10s %14s %14s%n", "column", "changed", "mean before", "mean after");
        for (ColumnDrift drift : result.columns()) {
            if (drift.changed() == 0 && Objects.equals(drift.meanBefore(), drift.meanAfter())) {
                continue;
            }
            out.printf("  %-38s %,10d %14s %14s%n", drift.column(), drift.changed(), mean(drift.meanBefore()), mean(drift.meanAfter()));
        }
    }

    private static String mean(Double mean) {
        return mean == null ? "-" : String.format("%.4f", mean);
    }
}
