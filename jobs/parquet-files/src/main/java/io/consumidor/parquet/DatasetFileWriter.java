package io.consumidor.parquet;

import io.consumidor.features.schema.DatasetSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.IOException;

/**
 * A Parquet file of dataset rows on any {@link PositionOutputStream} (an S3 multipart upload in the job, a
 * local file in benchmarks), with Hadoop off the runtime classpath: {@link PlainParquetConfiguration} instead of a
 * Hadoop {@code Configuration}, {@link ZstdCodecs} instead of Hadoop's codecs. Memory is one row group being
 * built (its pages, compressed as they fill) — never the file.
 */
public final class DatasetFileWriter implements AutoCloseable {

    /** Row groups of 32 MiB: large enough for efficient scans, small enough to bound a partition's memory. */
    public static final long ROW_GROUP_BYTES = 32L * 1024 * 1024;
    public static final int PAGE_BYTES = 1024 * 1024;

    private final ParquetWriter<Object[]> writer;
    private long rows;

    public DatasetFileWriter(DatasetSchema schema, PositionOutputStream stream, long rowGroupBytes, int zstdLevel) throws IOException {
        this.writer = new Builder(new StreamFile(stream), schema)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecs(zstdLevel))
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(rowGroupBytes)
                .withPageSize(PAGE_BYTES)
                .withDictionaryEncoding(true)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .build();
    }

    public void write(Object[] row) throws IOException {
        writer.write(row);
        rows++;
    }

    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {

        private final DatasetSchema schema;

        Builder(OutputFile file, DatasetSchema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(schema);
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(schema);
        }
    }

    /** An {@link OutputFile} over one already-open stream: created once, never as a second file. */
    private record StreamFile(PositionOutputStream stream) implements OutputFile {

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return stream;
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return stream;
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
