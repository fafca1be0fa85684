package io.consumidor.baseaqueue.client;

import io.consumidor.baseaqueue.QueueReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The requester's side of a claim check: fetches the sealed payload a pointer names and checks its size and
 * SHA-256 before anything opens it; deletes it once its reply message is deleted (never before, so a redelivered
 * reply still points at something). A payload left behind is the worker's sweeper's to remove.
 */
final class ClaimCheckedPayloads {

    private static final Logger log = LoggerFactory.getLogger(ClaimCheckedPayloads.class);

    private final S3Client s3;

    ClaimCheckedPayloads(S3Client s3) {
        this.s3 = s3;
    }

    byte[] fetch(QueueReply.ClaimCheck pointer) {
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
