package io.consumidor.baseaqueue;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body of a reply message. Exactly one of {@code inline}, {@code claimCheck} and {@code problem} is set:
 * the answer sealed to the requester and base64-encoded, a pointer to the same sealed bytes in S3, or — for a
 * refused or failed request — an RFC 9457-style problem that names what went wrong and never echoes the request.
 *
 * @param status the HTTP-like status of the answer (200, 400, 401, 403, 404, 503)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueReply(String requestId, int status, String inline, ClaimCheck claimCheck, Problem problem) {

    public static QueueReply inline(String requestId, String sealedBase64) {
        return new QueueReply(requestId, 200, sealedBase64, null, null);
    }

    public static QueueReply claimCheck(String requestId, ClaimCheck pointer) {
        return new QueueReply(requestId, 200, null, pointer, null);
    }

    public static QueueReply problem(String requestId, int status, String title, String detail) {
        return new QueueReply(requestId, status, null, null, new Problem("urn:consumidor:base-a-queue:" + status, title, status, detail));
    }

    /** An error, shaped like RFC 9457's problem details. */
    public record Problem(String type, String title, int status, String detail) {
    }

    /**
     * Where a large sealed answer is: fetch it, check its size and SHA-256 (hex, of the stored bytes), open it.
     */
    public record ClaimCheck(String bucket, String key, long size, String sha256) {

        /** The pointer to {@code sealed} stored at {@code bucket}/{@code key}. */
        public static ClaimCheck of(String bucket, String key, byte[] sealed) {
            return new ClaimCheck(bucket, key, sealed.length, sha256(sealed));
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
