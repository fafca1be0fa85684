package io.consumidor.parquet;

import org.apache.parquet.io.PositionOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One S3 object written as a stream through a multipart upload: bytes fill a buffer of {@code partSize}, each full
 * buffer is one {@code UploadPart} of known length, and {@link #close()} uploads the rest and completes the upload.
 * Memory is one part, whatever the object's size. Every part has a known length on purpose: uploads of unknown
 * length through the SDK's streaming bodies have known hangs (aws-sdk-java-v2#7024). Any failure, and
 * {@link #abort()}, aborts the upload, so a failed write leaves no object and no incomplete upload behind. The
 * SHA-256 and size of what was written are kept for the manifest.
 */
public final class S3MultipartStream extends PositionOutputStream {

    /** S3's minimum for every part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final byte[] buffer;
    private final MessageDigest sha256;
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;
    private int filled;
    private long position;
    private boolean closed;
    private String digest;

    public S3MultipartStream(S3Client s3, String bucket, String key, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("partSize must be at least 5 MiB (S3's minimum), was " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.buffer = new byte[partSize];
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long getPos() {
        return position;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("s3://" + bucket + "/" + key + " is closed");
        }
        sha256.update(bytes, offset, length);
        position += length;
        while (length > 0) {
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == buffer.length) {
                uploadPart();
            }
        }
    }

    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            }
            int number = parts.size() + 1;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) filled), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        } catch (RuntimeException e) {
            abort();
            throw new IOException("uploading part " + (parts.size() + 1) + " of s3://" + bucket + "/" + key + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (filled > 0 || parts.isEmpty()) {
            uploadPart();
        }
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            closed = true;
            digest = HexFormat.of().formatHex(sha256.digest());
        } catch (RuntimeException e) {
            abort();
            throw new IOException("completing s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    /** Gives the upload up: nothing of it stays in S3. Safe to call more than once. */
    public void abort() {
        closed = true;
        if (uploadId != null) {
            String id = uploadId;
            uploadId = null;
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
            } catch (RuntimeException ignored) {
                // S3 unreachable: the run's restart aborts what is left under its prefix (DatasetStore)
            }
        }
    }

    public String key() {
        return key;
    }

    /** Hex SHA-256 of the object; known once {@link #close()} completed it. */
    public String sha256() {
        if (digest == null) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " is not complete");
        }
        return digest;
    }
}
