package io.consumidor.parquet;

import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.DatasetSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.List;

/**
 * Writes a row ({@code Object[]} in schema order, null = missing) straight to Parquet's record consumer: no
 * intermediate object model (parquet-avro's or the example {@code Group}), so a row costs its values only.
 */
final class RowWriteSupport extends WriteSupport<Object[]> {

    private final DatasetSchema schema;
    private final List<Column> columns;
    private RecordConsumer out;

    RowWriteSupport(DatasetSchema schema) {
        this.schema = schema;
        this.columns = schema.columns();
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(ParquetColumns.messageType(schema), schema.footer());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(ParquetColumns.messageType(schema), schema.footer());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        out.startMessage();
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value == null) {
                if (!columns.get(i).nullable()) {
                    throw new IllegalArgumentException("column " + columns.get(i).name() + " is required but the row has no value");
                }
                continue;
            }
            String name = columns.get(i).name();
            out.startField(name, i);
            ParquetColumns.write(out, columns.get(i).type(), value);
            out.endField(name, i);
        }
        out.endMessage();
    }
}
