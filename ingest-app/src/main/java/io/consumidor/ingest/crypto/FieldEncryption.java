package io.consumidor.ingest.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Encrypts Base A's sensitive values in the application with AES-256-GCM (Tink), before they reach
 * PostgreSQL: the database, its statement logs and a pg_dump only ever see ciphertext, and the key never
 * travels to the server. Each ciphertext starts with Tink's 5-byte prefix holding the id of the key that
 * made it, so rows can be re-encrypted after a rotation. The field name is bound as associated data, so a
 * ciphertext copied into another column does not decrypt.
 */
public final class FieldEncryption {

    private static final int TINK_PREFIX = 5;

    private final Aead aead;
    private final int primaryKeyId;

    public FieldEncryption(KeysetHandle keyset) {
        try {
            AeadConfig.register();
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.primaryKeyId = keyset.getPrimary().getId();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Base A keyset is not an AEAD keyset: " + e.getMessage(), e);
        }
    }

    public byte[] encrypt(String field, String plaintext) {
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(field));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + field, e);
        }
    }

    public String decrypt(String field, byte[] ciphertext) {
        try {
            return new String(aead.decrypt(ciphertext, associatedData(field)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Never include the ciphertext or the plaintext: this message may reach a log.
            throw new IllegalStateException("cannot decrypt " + field + ": unknown key, or the value was tampered with"
                    + " or moved from another column", e);
        }
    }

    /** The id of the key a ciphertext was made with. */
    public static int keyIdOf(byte[] ciphertext) {
        if (ciphertext == null || ciphertext.length < TINK_PREFIX || ciphertext[0] != 0x01) {
            throw new IllegalArgumentException("not a Tink ciphertext with a key-id prefix");
        }
        return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    }

    public int primaryKeyId() {
        return primaryKeyId;
    }

    public boolean needsReencryption(byte[] ciphertext) {
        return keyIdOf(ciphertext) != primaryKeyId;
    }

    /** The same value under the primary key, for re-encryption after a rotation. */
    public byte[] reencrypt(String field, byte[] ciphertext) {
        return encrypt(field, decrypt(field, ciphertext));
    }

    private static byte[] associatedData(String field) {
        return ("consumidor/base-a/" + field).getBytes(StandardCharsets.UTF_8);
    }
}
