package io.consumidor.parquet;

import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.ColumnType;
import io.consumidor.features.schema.DatasetSchema;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset's columns in Parquet: each {@link ColumnType}'s physical and logical type and how a Java value is
 * written. Money is DECIMAL(18,2) on INT64 (exact, and what DuckDB, Spark and pandas read as decimal); instants are
 * UTC TIMESTAMP(MICROS); strings are UTF-8, dictionary-encoded by the writer. Kept here, apart from the column
 * definitions (the features module), so what reads the definitions online needs no Parquet.
 */
final class ParquetColumns {

    private record Physical(PrimitiveTypeName type, LogicalTypeAnnotation logical) {
    }

    private ParquetColumns() {
    }

    static MessageType messageType(DatasetSchema schema) {
        List<Type> fields = new ArrayList<>();
        for (Column column : schema.columns()) {
            fields.add(type(column));
        }
        return new MessageType(schema.dataset().replace('-', '_'), fields);
    }

    static Type type(Column column) {
        Physical physical = physical(column.type());
        var builder = column.nullable() ? Types.optional(physical.type()) : Types.required(physical.type());
        return (physical.logical() == null ? builder : builder.as(physical.logical())).named(column.name());
    }

    private static Physical physical(ColumnType type) {
        return switch (type) {
            case STRING -> new Physical(PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType());
            case INT -> new Physical(PrimitiveTypeName.INT32, null);
            case LONG -> new Physical(PrimitiveTypeName.INT64, null);
            case DOUBLE -> new Physical(PrimitiveTypeName.DOUBLE, null);
            case BOOLEAN -> new Physical(PrimitiveTypeName.BOOLEAN, null);
            case DATE -> new Physical(PrimitiveTypeName.INT32, LogicalTypeAnnotation.dateType());
            case TIMESTAMP -> new Physical(PrimitiveTypeName.INT64, LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
            case MONEY -> new Physical(PrimitiveTypeName.INT64, LogicalTypeAnnotation.decimalType(2, 18));
        };
    }

    static void write(RecordConsumer out, ColumnType type, Object value) {
        switch (type) {
            case STRING -> out.addBinary(Binary.fromString((String) value));
            case INT -> out.addInteger(((Number) value).intValue());
            case LONG -> out.addLong(((Number) value).longValue());
            case DOUBLE -> out.addDouble(((Number) value).doubleValue());
            case BOOLEAN -> out.addBoolean((Boolean) value);
            case DATE -> out.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
            case TIMESTAMP -> out.addLong(ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value));
            case MONEY -> out.addLong(((BigDecimal) value).setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
        }
    }
}
