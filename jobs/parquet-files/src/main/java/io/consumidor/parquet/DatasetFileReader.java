package io.consumidor.parquet;

import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.ColumnType;
import io.consumidor.features.schema.DatasetSchema;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads back a file {@link DatasetFileWriter} wrote, row by row as {@code Object[]} with the same Java values
 * (so {@link RowCodec} and the content hash see exactly what the writer saw). The schema comes from the file's
 * own footer ({@value DatasetSchema#COLUMNS_KEY}), so a file written under an older dataset version reads as
 * what it is. Parquet's record assembly over its column readers, without Hadoop ({@link HadoopFreeReadOptions},
 * {@link ZstdCodecs}). Memory is one row group's pages.
 */
public final class DatasetFileReader implements AutoCloseable, Iterator<Object[]> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ParquetFileReader reader;
    private final DatasetSchema schema;
    private final MessageColumnIO io;
    private final Materializer materializer;
    private RecordReader<Object[]> rows;
    private long left;

    public DatasetFileReader(Path file) throws IOException {
        ParquetReadOptions options = HadoopFreeReadOptions.of(new ZstdCodecs(3));
        this.reader = new ParquetFileReader(new LocalInputFile(file), options);
        try {
            this.schema = schema(reader.getFileMetaData().getKeyValueMetaData());
            this.io = new ColumnIOFactory().getColumnIO(reader.getFileMetaData().getSchema());
            this.materializer = new Materializer(schema);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The columns as the file's footer documents them. */
    public DatasetSchema schema() {
        return schema;
    }

    @Override
    public boolean hasNext() {
        try {
            while (left == 0) {
                PageReadStore group = reader.readNextRowGroup();
                if (group == null) {
                    return false;
                }
                rows = io.getRecordReader(group, materializer);
                left = group.getRowCount();
            }
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Object[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        left--;
        return rows.read();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    @SuppressWarnings("unchecked")
    static DatasetSchema schema(Map<String, String> footer) {
        String dataset = footer.get(DatasetSchema.DATASET_KEY);
        String columns = footer.get(DatasetSchema.COLUMNS_KEY);
        if (dataset == null || columns == null) {
            throw new IllegalArgumentException("not a dataset file: its footer has no " + DatasetSchema.COLUMNS_KEY);
        }
        List<Column> parsed = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) JSON.readValue(columns, List.class)) {
            parsed.add(new Column((String) c.get("name"), ColumnType.valueOf((String) c.get("type")), (Boolean) c.get("nullable"),
                    (String) c.get("meaning"), (String) c.get("source"), (String) c.get("window"),
                    c.get("role") == null ? null : Column.Role.valueOf((String) c.get("role"))));
        }
        return new DatasetSchema(dataset, Integer.parseInt(footer.getOrDefault(DatasetSchema.VERSION_KEY, "0")), parsed);
    }

    /** Assembles one row: a converter per column sets its slot; missing (optional) columns stay null. */
    private static final class Materializer extends RecordMaterializer<Object[]> {

        private final int width;
        private final Row root;

        Materializer(DatasetSchema schema) {
            this.width = schema.columns().size();
            this.root = new Row(schema);
        }

        @Override
        public Object[] getCurrentRecord() {
            return root.current;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }

        private final class Row extends GroupConverter {

            private final Converter[] converters;
            private Object[] current = new Object[width];

            Row(DatasetSchema schema) {
                converters = new Converter[width];
                for (int i = 0; i < width; i++) {
                    converters[i] = new Value(i, schema.columns().get(i).type());
                }
            }

            @Override
            public Converter getConverter(int fieldIndex) {
                return converters[fieldIndex];
            }

            @Override
            public void start() {
                current = new Object[width];
            }

            @Override
            public void end() {
            }

            private final class Value extends PrimitiveConverter {

                private final int index;
                private final ColumnType type;

                Value(int index, ColumnType type) {
                    this.index = index;
                    this.type = type;
                }

                @Override
                public void addBinary(Binary value) {
                    current[index] = value.toStringUsingUTF8();
                }

                @Override
                public void addInt(int value) {
                    current[index] = type == ColumnType.DATE ? LocalDate.ofEpochDay(value) : value;
                }

                @Override
                public void addLong(long value) {
                    current[index] = switch (type) {
                        case MONEY -> BigDecimal.valueOf(value, 2);
                        case TIMESTAMP -> Instant.EPOCH.plus(value, ChronoUnit.MICROS);
                        default -> value;
                    };
                }

                @Override
                public void addDouble(double value) {
                    current[index] = value;
                }

                @Override
                public void addBoolean(boolean value) {
                    current[index] = value;
                }
            }
        }
    }
}
