package io.consumidor.mlexports.job;

import io.consumidor.mlexports.parquet.DatasetFileWriter;
import io.consumidor.mlexports.parquet.DatasetSchema;
import io.consumidor.mlexports.parquet.RowCodec;
import io.consumidor.mlexports.parquet.RowSorter;
import io.consumidor.mlexports.parquet.S3MultipartStream;
import io.consumidor.mlexports.quality.DatasetProfile;
import io.consumidor.mlexports.store.DatasetStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write half of a partition: its sorted rows into one Parquet object through a multipart upload, profiled,
 * hashed and sampled on the way. Any failure aborts the upload, so the key is either one complete file or
 * nothing (S3 shows no object before the multipart upload completes).
 */
final class PartitionFile {

    /** Rows of each file kept for {@code export show}: its first, in pseudonym order. */
    static final int SAMPLE_ROWS = 5;

    /** What the commit step needs of a written file. */
    record Written(String key, long rows, long bytes, String sha256, String contentHash, DatasetProfile profile,
                   List<Map<String, Object>> sample) {
    }

    private final DatasetSchema schema;
    private final DatasetStore store;
    private final ExportProperties properties;

    PartitionFile(DatasetSchema schema, DatasetStore store, ExportProperties properties) {
        this.schema = schema;
        this.store = store;
        this.properties = properties;
    }

    /** Writes the sorter's rows to {@code key} and closes the sorter (its spill files go with it). */
    Written write(String key, RowSorter sorter) throws IOException {
        DatasetProfile profile = new DatasetProfile(schema);
        ContentHash hash = new ContentHash(new RowCodec(schema));
        S3MultipartStream stream = new S3MultipartStream(store.s3(), store.bucket(), key, properties.partMiB() * 1024 * 1024);
        long written = 0;
        List<Map<String, Object>> sample = new ArrayList<>();
        try (DatasetFileWriter file = new DatasetFileWriter(schema, stream, properties.rowGroupMiB() * 1024L * 1024, properties.zstdLevel())) {
            Iterator<Object[]> sorted = sorter.sorted();
            while (sorted.hasNext()) {
                Object[] row = sorted.next();
                file.write(row);
                if (sample.size() < SAMPLE_ROWS) {
                    sample.add(sampleRow(row));
                }
                profile.add(row);
                hash.add(row);
                written++;
            }
        } catch (IOException | RuntimeException e) {
            stream.abort();
            throw e;
        } finally {
            sorter.close();
        }
        return new Written(key, written, stream.getPos(), stream.sha256(), hash.sum().toString(16), profile, sample);
    }

    private Map<String, Object> sampleRow(Object[] row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            values.put(schema.columns().get(i).name(), row[i] == null ? null : row[i].toString());
        }
        return values;
    }
}
