package io.consumidor.mlexports.parquet;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the first rows of a local Parquet file, Hadoop-free like the writer (for {@code export show}). */
public final class DatasetFileReader {

    private DatasetFileReader() {
    }

    public static List<String> firstRows(Path file, int count) throws IOException {
        List<String> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = new Builder(new LocalInputFile(file)).build()) {
            Group group;
            while (rows.size() < count && (group = reader.read()) != null) {
                rows.add(group.toString().replace('\n', ' ').trim());
            }
        }
        return rows;
    }

    private static final class Builder extends ParquetReader.Builder<Group> {
        Builder(LocalInputFile file) {
            super(file, new PlainParquetConfiguration());
            withCodecFactory(new ZstdCodecs(3));
        }

        @Override
        protected org.apache.parquet.hadoop.api.ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
