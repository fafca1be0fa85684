package io.consumidor.parquet;

import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.ColumnType;
import io.consumidor.features.schema.DatasetSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sorter gives every row back once, in key order, however many runs it spilled and merged level by level. */
class RowSorterTest {

    private static final DatasetSchema SCHEMA = new DatasetSchema("sorter-test", 1, List.of(
            new Column("pseudonym", ColumnType.STRING, false, "key", "test", ""),
            new Column("n", ColumnType.LONG, true, "a value", "test", "")));

    @TempDir
    Path dir;

    @Test
    void rowsComeBackInKeyOrderAcrossRunsMergedOnSeveralLevels() throws IOException {
        // runs of 3 rows: 3 × 32 × 32 + 2 × 32 × 3 + 2 rows fill a level-2 run, level-1 runs and a partial memory run
        int rows = 3 * RowSorter.FAN_IN * RowSorter.FAN_IN + 2 * RowSorter.FAN_IN * 3 + 2;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            keys.add("p%08d".formatted(i));
        }
        Collections.shuffle(keys, new Random(7));
        List<String> sorted = new ArrayList<>();
        try (RowSorter sorter = new RowSorter(new RowCodec(SCHEMA), 3, dir)) {
            for (int i = 0; i < rows; i++) {
                sorter.add(new Object[] {keys.get(i), i % 5 == 0 ? null : (long) i});
            }
            assertThat(sorter.spilledRuns()).isEqualTo((rows - 2) / 3);
            // 1,088 runs spilled: one level-2 run (1,024 merged twice), two level-1 runs (64) and none left on level 0
            assertThat(files()).as("merged as they filled, level by level").hasSize(3);
            Iterator<Object[]> out = sorter.sorted();
            while (out.hasNext()) {
                Object[] row = out.next();
                sorted.add((String) row[0]);
                assertThat(row[1]).isEqualTo(keys.indexOf(row[0]) % 5 == 0 ? null : (long) keys.indexOf(row[0]));
            }
        }
        Collections.sort(keys);
        assertThat(sorted).containsExactlyElementsOf(keys);
        assertThat(files()).as("closing removes every run").isEmpty();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
