package io.consumidor.parquet;

import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.DatasetSchema;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A row's canonical bytes: per column a presence byte and the value in a fixed encoding of its type (money as
 * cents, dates as epoch days, instants as epoch microseconds). Used for the sorter's spill files and for the
 * content hash, so two rows hash alike exactly when they would read back alike.
 */
public final class RowCodec {

    private final List<Column> columns;

    public RowCodec(DatasetSchema schema) {
        this.columns = schema.columns();
    }

    public void write(Object[] row, DataOutput out) throws IOException {
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value == null) {
                out.writeByte(0);
                continue;
            }
            out.writeByte(1);
            switch (columns.get(i).type()) {
                case STRING -> out.writeUTF((String) value);
                case INT -> out.writeInt(((Number) value).intValue());
                case LONG -> out.writeLong(((Number) value).longValue());
                case DOUBLE -> out.writeDouble(((Number) value).doubleValue());
                case BOOLEAN -> out.writeBoolean((Boolean) value);
                case DATE -> out.writeInt(Math.toIntExact(((LocalDate) value).toEpochDay()));
                case TIMESTAMP -> out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value));
                case MONEY -> out.writeLong(((BigDecimal) value).setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
            }
        }
    }

    public Object[] read(DataInput in) throws IOException {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            if (in.readByte() == 0) {
                continue;
            }
            row[i] = switch (columns.get(i).type()) {
                case STRING -> in.readUTF();
                case INT -> in.readInt();
                case LONG -> in.readLong();
                case DOUBLE -> in.readDouble();
                case BOOLEAN -> in.readBoolean();
                case DATE -> LocalDate.ofEpochDay(in.readInt());
                case TIMESTAMP -> Instant.EPOCH.plus(in.readLong(), ChronoUnit.MICROS);
                case MONEY -> BigDecimal.valueOf(in.readLong(), 2);
            };
        }
        return row;
    }
}
