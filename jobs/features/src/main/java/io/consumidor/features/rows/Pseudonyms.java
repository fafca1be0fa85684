package io.consumidor.features.rows;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * A dataset's pseudonym of a Base B subject: HMAC-SHA-256 under the dataset's own key over the dataset name and
 * the subject, truncated to 128 bits (hex). Without the key a dataset's rows cannot be joined to Base B or to
 * another dataset, and a leaked dataset reveals nothing about B. Not thread-safe (one per partition).
 */
public final class Pseudonyms {

    private static final int MIN_KEY_BYTES = 32;
    private final Mac mac;
    private final byte[] prefix;

    public Pseudonyms(byte[] key, String dataset) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a pseudonym key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        prefix = ("dataset:" + dataset + ":").getBytes(StandardCharsets.UTF_8);
    }

    public String of(String subject) {
        mac.update(prefix);
        byte[] digest = mac.doFinal(subject.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
