package io.consumidor.baseaqueue;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body of a reply message, all a reader of the reply queue sees: the request id and either the sealed
 * {@link ReplyContent} (base64) or a pointer to the same sealed bytes in S3. Whether it is an answer or a refusal,
 * and which, is inside the seal.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueReply(String requestId, String inline, ClaimCheck claimCheck) {

    public static QueueReply inline(String requestId, String sealedBase64) {
        return new QueueReply(requestId, sealedBase64, null);
    }

    public static QueueReply claimCheck(String requestId, ClaimCheck pointer) {
        return new QueueReply(requestId, null, pointer);
    }

    /**
     * Where a large sealed reply is: check the pointer ({@link #names}), fetch it, check its size and SHA-256 (hex,
     * of the stored bytes), open it.
     */
    public record ClaimCheck(String bucket, String key, long size, String sha256) {

        /** The pointer to {@code sealed} stored at {@code bucket}/{@code key}. */
        public static ClaimCheck of(String bucket, String key, byte[] sealed) {
            return new ClaimCheck(bucket, key, sealed.length, sha256(sealed));
        }

        /**
         * True when this pointer names what a worker would store for {@code requestId} in {@code bucket}: that
         * bucket, the request's own key ({@link BaseAQueue#payloadKey}), a size from 1 byte to {@code maxSize} and
         * a well-formed hash. A requester checks it before fetching anything, so a forged reply cannot make it read
         * (or delete) another object.
         */
        public boolean names(String bucket, String requestId, long maxSize) {
            return this.bucket != null && this.bucket.equals(bucket) && BaseAQueue.payloadKey(requestId).equals(key)
                    && size > 0 && size <= maxSize && sha256 != null && sha256.matches("[0-9a-f]{64}");
        }

        /** True when {@code bytes} are what this pointer names: its size and its SHA-256. */
        public boolean matches(byte[] bytes) {
            return bytes.length == size && sha256(bytes).equals(sha256);
        }

        /** Hex SHA-256, as pointers carry it. */
        public static String sha256(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e); // every JDK has SHA-256
            }
        }
    }
}
