package io.consumidor.core.subject;

import io.consumidor.core.cpf.Cpf;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Turns a CPF into its {@link Subject}: HMAC-SHA-256 under a secret key, so a leak of Base B, Base C or a
 * dataset does not reveal CPFs (a plain hash of the 10^9 possible CPFs would be reversed in minutes).
 * The key id travels in the subject so a key rotation can be recognised. Thread-safe.
 */
public final class SubjectPseudonymizer {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9-]{1,16}");
    private static final int MIN_KEY_BYTES = 32;

    private final String keyId;
    private final SecretKeySpec key;

    public SubjectPseudonymizer(String keyId, byte[] secret) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("subject key id must be 1-16 characters of a-z, 0-9 and '-'");
        }
        if (secret == null || secret.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("subject key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.keyId = keyId;
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    public String keyId() {
        return keyId;
    }

    public Subject subjectOf(Cpf cpf) {
        return new Subject(keyId + "_" + hmacHex("cpf:" + cpf.digits()));
    }

    /**
     * A pseudonym valid inside one dataset only, so two exported datasets cannot be joined on their keys
     * without the secret.
     */
    public String datasetPseudonym(Subject subject, String dataset) {
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("dataset name is required");
        }
        return hmacHex("dataset:" + dataset + ":" + subject.value());
    }

    private String hmacHex(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
