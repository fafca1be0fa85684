package io.consumidor.parquet;

import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.ColumnType;
import io.consumidor.features.schema.DatasetSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the writer wrote reads back as the same values, row for row, across row groups, nulls included. */
class DatasetFileReaderTest {

    private static final DatasetSchema SCHEMA = new DatasetSchema("reader-test", 3, List.of(
            new Column("pseudonym", ColumnType.STRING, false, "key", "test", ""),
            new Column("day", ColumnType.DATE, false, "a date", "test", ""),
            new Column("age", ColumnType.INT, true, "an int", "test", ""),
            new Column("count", ColumnType.LONG, false, "a long", "test", ""),
            new Column("ratio", ColumnType.DOUBLE, true, "a double", "test", ""),
            new Column("flag", ColumnType.BOOLEAN, true, "a boolean", "test", ""),
            new Column("at", ColumnType.TIMESTAMP, true, "an instant", "test", ""),
            new Column("amount", ColumnType.MONEY, true, "money", "test", "")));

    @TempDir
    Path dir;

    @Test
    void readsBackEveryValueOfEveryRowWithTheSchemaFromTheFooter() throws Exception {
        List<Object[]> written = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            boolean gaps = i % 7 == 0;
            written.add(new Object[]{"p%08d".formatted(i), LocalDate.of(2025, 1, 1).plusDays(i % 400), gaps ? null : i % 90,
                    (long) i * 1_000_003L, gaps ? null : i / 3.0, gaps ? null : i % 2 == 0,
                    gaps ? null : Instant.parse("2025-06-01T12:00:00.123456Z").plusSeconds(i), gaps ? null : BigDecimal.valueOf(i * 37L, 2)});
        }
        Path file = dir.resolve("rows.parquet");
        // Small row groups, so the reader crosses several.
        try (LocalFileStream stream = new LocalFileStream(file); DatasetFileWriter writer = new DatasetFileWriter(SCHEMA, stream, 64 * 1024, 3)) {
            for (Object[] row : written) {
                writer.write(row);
            }
        }
        List<Object[]> read = new ArrayList<>();
        try (DatasetFileReader reader = new DatasetFileReader(file)) {
            assertThat(reader.schema()).isEqualTo(SCHEMA);
            reader.forEachRemaining(read::add);
        }
        assertThat(read).hasSize(written.size());
        RowCodec codec = new RowCodec(SCHEMA);
        for (int i = 0; i < written.size(); i++) {
            assertThat(read.get(i)).as("row %d", i).containsExactly(written.get(i));
            assertThat(bytes(codec, read.get(i))).as("canonical bytes of row %d", i).isEqualTo(bytes(codec, written.get(i)));
        }
    }

    @Test
    void refusesAFileThatIsNotADatasetFile() throws Exception {
        Path file = dir.resolve("not-parquet.parquet");
        java.nio.file.Files.writeString(file, "PAR1 not really");
        assertThatThrownBy(() -> new DatasetFileReader(file)).isInstanceOf(Exception.class);
    }

    private static byte[] bytes(RowCodec codec, Object[] row) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(row, new DataOutputStream(out));
        return out.toByteArray();
    }
}
