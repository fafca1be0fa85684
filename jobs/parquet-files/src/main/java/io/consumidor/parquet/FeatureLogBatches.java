package io.consumidor.parquet;

import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.logs.FeatureLogs;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes one batch of logged feature lookups as a committed batch directory ({@link FeatureLogs}): the Parquet file
 * through an S3 multipart upload (the datasets' writer and stream: the same types, the same ZSTD pages), then
 * {@code _SUCCESS} with the row count, size and SHA-256 of the file. A failed batch is aborted and leaves no
 * {@code _SUCCESS}, so readers never count it. The query API writes its lookups with it; the erasure sweep writes a
 * batch again without an erased consumer's rows.
 */
public class FeatureLogBatches {

    private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Clock clock;

    public FeatureLogBatches(S3Client s3, String bucket, String prefix, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.clock = clock;
    }

    /** Writes and commits a new batch of the dataset-day; returns the batch directory's key. */
    public String write(Dataset dataset, LocalDate date, List<Object[]> rows) {
        String batch = FeatureLogs.batch(prefix, dataset.name(), date, BATCH_TIME.format(clock.instant()) + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        S3MultipartStream stream = new S3MultipartStream(s3, bucket, batch + FeatureLogs.PART, S3MultipartStream.MIN_PART_SIZE);
        try {
            try (DatasetFileWriter writer = new DatasetFileWriter(FeatureLogs.schema(dataset), stream, DatasetFileWriter.ROW_GROUP_BYTES, 3)) {
                for (Object[] row : rows) {
                    writer.write(row);
                }
            }
        } catch (IOException | RuntimeException e) {
            stream.abort();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        Map<String, Object> success = new LinkedHashMap<>();
        success.put("dataset", dataset.name());
        success.put("definitionHash", dataset.definitionHash());
        success.put("date", date.toString());
        success.put("rows", rows.size());
        success.put("file", FeatureLogs.PART);
        success.put("bytes", stream.getPos());
        success.put("sha256", stream.sha256());
        s3.putObject(b -> b.bucket(bucket).key(batch + FeatureLogs.SUCCESS).contentType("application/json"),
                RequestBody.fromString(JSON.writeValueAsString(success), StandardCharsets.UTF_8));
        return batch;
    }

    /** Withdraws a committed batch: {@code _SUCCESS} first, so no reader takes the file while it goes. */
    public void delete(String batch) {
        s3.deleteObject(b -> b.bucket(bucket).key(batch + FeatureLogs.SUCCESS));
        s3.deleteObject(b -> b.bucket(bucket).key(batch + FeatureLogs.PART));
    }
}
