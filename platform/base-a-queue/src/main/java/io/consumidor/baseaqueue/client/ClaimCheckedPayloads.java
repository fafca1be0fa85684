package io.consumidor.baseaqueue.client;

import io.consumidor.baseaqueue.QueueReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The requester's side of a claim check: checks that a pointer names its own request's object in the expected
 * bucket before fetching anything, then the fetched bytes' size and SHA-256 before anything opens them; deletes the
 * object once its reply message is deleted (never before, so a redelivered reply still points at something), and
 * only when its bytes matched. A payload left behind is the worker's sweeper's to remove.
 */
final class ClaimCheckedPayloads {

    private static final Logger log = LoggerFactory.getLogger(ClaimCheckedPayloads.class);

    /** Far above any answer (a page of debts is at most 1,000): a pointer naming more is no worker's. */
    static final long MAX_SIZE = 64L * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;

    ClaimCheckedPayloads(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    byte[] fetch(String requestId, QueueReply.ClaimCheck pointer) {
        if (!pointer.names(bucket, requestId, MAX_SIZE)) {
            throw new BaseAQueueException(0, "claim-check refused", "the pointer does not name request " + requestId
                    + "'s payload in bucket " + bucket + " (at most " + MAX_SIZE + " bytes)");
        }
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(pointer.bucket()).key(pointer.key())).asByteArrayUnsafe();
        } catch (RuntimeException e) {
            throw new BaseAQueueException("claim-check unavailable", "cannot fetch s3://" + pointer.bucket() + "/" + pointer.key(), e);
        }
        if (!pointer.matches(bytes)) {
            throw new BaseAQueueException(0, "claim-check mismatch", "s3://" + pointer.bucket() + "/" + pointer.key()
                    + " is " + bytes.length + " bytes, not the " + pointer.size() + " bytes with the SHA-256 its pointer names");
        }
        return bytes;
    }

    void delete(QueueReply.ClaimCheck pointer) {
        try {
            s3.deleteObject(b -> b.bucket(pointer.bucket()).key(pointer.key()));
        } catch (RuntimeException e) {
            log.warn("cannot delete the claim-checked payload {}: {}", pointer.key(), e.toString());
        }
    }
}
