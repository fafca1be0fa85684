package io.consumidor.jobs.mlexport.parquet;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The column types a dataset uses, each with its Parquet physical and logical type and how a Java value is written.
 * Money is DECIMAL(18,2) on INT64 (exact, and what DuckDB, Spark and pandas read as decimal); instants are UTC
 * TIMESTAMP(MICROS); strings are UTF-8, dictionary-encoded by the writer.
 */
public enum ColumnType {
    STRING(PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType()) {
        @Override
        void write(RecordConsumer out, Object value) {
            out.addBinary(Binary.fromString((String) value));
        }
    },
    INT(PrimitiveTypeName.INT32, null) {
        @Override
        void write(RecordConsumer out, Object value) {
            out.addInteger(((Number) value).intValue());
        }
    },
    LONG(PrimitiveTypeName.INT64, null) {
        @Override
        void write(RecordConsumer out, Object value) {
            out.addLong(((Number) value).longValue());
        }
    },
    DOUBLE(PrimitiveTypeName.DOUBLE, null) {
        @Override
        void write(RecordConsumer out, Object value) {
            out.addDouble(((Number) value).doubleValue());
        }
    },
    BOOLEAN(PrimitiveTypeName.BOOLEAN, null) {
        @Override
        void write(RecordConsumer out, Object value) {
            out.addBoolean((Boolean) value);
        }
    },
    DATE(PrimitiveTypeName.INT32, LogicalTypeAnnotation.dateType()) {
        @Override
        void write(RecordConsumer out, Object value) {
            out.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
        }
    },
    TIMESTAMP(PrimitiveTypeName.INT64, LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)) {
        @Override
        void write(RecordConsumer out, Object value) {
            out.addLong(ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value));
        }
    },
    MONEY(PrimitiveTypeName.INT64, LogicalTypeAnnotation.decimalType(2, 18)) {
        @Override
        void write(RecordConsumer out, Object value) {
            out.addLong(((BigDecimal) value).setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
        }
    };

    private final PrimitiveTypeName physical;
    private final LogicalTypeAnnotation logical;

    ColumnType(PrimitiveTypeName physical, LogicalTypeAnnotation logical) {
        this.physical = physical;
        this.logical = logical;
    }

    abstract void write(RecordConsumer out, Object value);

    Type parquet(String name, boolean nullable) {
        var builder = nullable ? Types.optional(physical) : Types.required(physical);
        return (logical == null ? builder : builder.as(logical)).named(name);
    }
}
