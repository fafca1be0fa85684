package io.consumidor.baseaqueue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Everything the worker acts on, sealed to its key with the request id as context: the question, the bearer
 * token, where to answer and whom to seal the answer to, when it was asked and a nonce. Nothing of it travels in
 * the clear, so whoever reads the request queue (or its dead-letter queue, where SQS's redrive keeps a message
 * for up to 14 days) can neither lift the token nor re-send the request with a reply route of their own: the
 * worker answers only the route sealed here, and a body moved under another request id does not open.
 *
 * @param authorization a bearer token for the queue's own audience ({@link BaseAQueue#TOKEN_AUDIENCE}), fresh for
 *                      this request: the worker accepts each token id ({@code jti}) for one request only
 * @param replyTo       the name of the reply queue; the worker answers there only if it matches its allow-list
 * @param recipientKey  the requester's public HPKE keyset (Tink JSON), which every reply, error replies included, is sealed to
 * @param issuedAt      when the requester sealed it; the worker refuses requests older than its limit
 * @param nonce         16 random bytes (base64url): two sealings of one request are never the same request
 */
public record SealedRequest(QueueRequest request, String authorization, String replyTo, String recipientKey, Instant issuedAt,
                            String nonce) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static SealedRequest of(QueueRequest request, String authorization, String replyTo, String recipientKey, Instant now) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return new SealedRequest(request, authorization, replyTo, recipientKey, now, Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
    }

    public static boolean isNonce(String value) {
        return value != null && value.matches("[A-Za-z0-9_-]{22}");
    }
}
