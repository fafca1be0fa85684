package io.consumidor.jobs.mlexport.job;

import io.consumidor.parquet.DatasetFileWriter;
import io.consumidor.features.schema.DatasetSchema;
import io.consumidor.parquet.RowCodec;
import io.consumidor.parquet.RowSorter;
import io.consumidor.parquet.S3MultipartStream;
import io.consumidor.jobs.mlexport.quality.DatasetProfile;
import io.consumidor.jobs.mlexport.store.DatasetStore;

import java.io.IOException;
import java.util.Iterator;

/**
 * The write half of a partition: its sorted rows into one Parquet object through a multipart upload, profiled,
 * hashed and profiled on the way (aggregates only: no row of a person leaves the file). Any failure aborts the upload, so the key is either one complete file or
 * nothing (S3 shows no object before the multipart upload completes).
 */
final class PartitionFile {

    /** What the commit step needs of a written file. */
    record Written(String key, long rows, long bytes, String sha256, String contentHash, DatasetProfile profile) {
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
        try (DatasetFileWriter file = new DatasetFileWriter(schema, stream, properties.rowGroupMiB() * 1024L * 1024, properties.zstdLevel())) {
            Iterator<Object[]> sorted = sorter.sorted();
            while (sorted.hasNext()) {
                Object[] row = sorted.next();
                file.write(row);
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
        return new Written(key, written, stream.getPos(), stream.sha256(), hash.sum().toString(16), profile);
    }
}
