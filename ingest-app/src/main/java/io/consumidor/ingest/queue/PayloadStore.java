package io.consumidor.ingest.queue;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;

/**
 * Claim-checked answers in S3: already sealed to their requester, so the bucket holds ciphertext only. One
 * object per request id ({@link BaseAQueue#payloadKey}), so an answer written twice overwrites rather than
 * leaving an orphan. The requester deletes an object after deleting its reply; the sweep removes what nobody
 * came for (a reply that expired or was dead-lettered, a requester that went away).
 */
class PayloadStore {

    private final S3Client s3;
    private final String bucket;

    PayloadStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    QueueReply.ClaimCheck put(String requestId, byte[] sealed) {
        String key = BaseAQueue.payloadKey(requestId);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/octet-stream"), RequestBody.fromBytes(sealed));
        return QueueReply.ClaimCheck.of(bucket, key, sealed);
    }

    /** Deletes payloads last written before {@code cutoff}; returns how many. Lists page by page, never all at once. */
    int sweep(Instant cutoff) {
        int deleted = 0;
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(BaseAQueue.PAYLOAD_PREFIX).build();
        for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
            if (object.lastModified().isBefore(cutoff)) {
                s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
                deleted++;
            }
        }
        return deleted;
    }
}
