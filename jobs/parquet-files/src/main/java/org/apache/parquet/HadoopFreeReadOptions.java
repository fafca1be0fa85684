package org.apache.parquet;

import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

import java.util.HashMap;

/**
 * Read options for parquet-java 1.16 without Hadoop on the classpath. Both public builders of
 * {@link ParquetReadOptions} touch Hadoop (the no-argument one builds a {@code HadoopParquetConfiguration}, the
 * other asks {@code ParquetInputFormat} for a filter, which loads {@code FileInputFormat}), so this sits in
 * parquet's package to call the constructor the builder calls, with the builder's defaults. Its only caller is
 * {@code DatasetFileReader}; {@code DatasetFileReaderTest} runs it, and the job host's jar (no Hadoop class)
 * runs it in {@code EndToEndIT}. Drop it once parquet-java offers a Hadoop-free builder.
 */
public final class HadoopFreeReadOptions {

    private static final int MAX_ALLOCATION_BYTES = 8 * 1024 * 1024;

    private HadoopFreeReadOptions() {
    }

    public static ParquetReadOptions of(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(false, true, true, true, true, false, true, false, false,
                FilterCompat.NOOP, ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(), MAX_ALLOCATION_BYTES,
                new HashMap<>(), null, null, new PlainParquetConfiguration());
    }
}
