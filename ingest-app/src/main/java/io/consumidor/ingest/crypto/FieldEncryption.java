package io.consumidor.ingest.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.security.GeneralSecurityException;

/**
 * Encrypts Base A's sensitive values in the application with AES-256-GCM (Tink), before they reach
 * PostgreSQL: the database, its statement logs and a pg_dump only ever see ciphertext, and the key never
 * travels to the server. Each ciphertext starts with Tink's 5-byte prefix holding the id of the key that
 * made it, so rows can be re-encrypted after a rotation. The associated data binds each value to its column
 * and its row (the consumer's blind index, which a debt shares with its consumer): a ciphertext copied into
 * another column, or onto another consumer's row, does not decrypt. Values written before rows were bound (the
 * field alone as associated data) are read only by {@code ./pipeline reencrypt}, which rewrites them bound.
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

    /** @param row the row's identity: the consumer's blind index (for a debt, its consumer's) */
    public byte[] encrypt(String field, byte[] row, String plaintext) {
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(field, row));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + field, e);
        }
    }

    public String decrypt(String field, byte[] row, byte[] ciphertext) {
        try {
            return new String(aead.decrypt(ciphertext, associatedData(field, row)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Never include the ciphertext or the plaintext: this message may reach a log.
            throw new IllegalStateException("cannot decrypt " + field + ": unknown key, or the value was tampered with or moved from"
                    + " another column or row (a value written before rows were bound is read by ./pipeline reencrypt)", e);
        }
    }

    /** Whether the value is bound to this column and row (false for a value written before rows were bound). */
    public boolean bound(String field, byte[] row, byte[] ciphertext) {
        try {
            aead.decrypt(ciphertext, associatedData(field, row));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The value bound to its row, or — re-encryption only — one written before rows were bound. */
    private String decryptForUpgrade(String field, byte[] row, byte[] ciphertext) {
        if (bound(field, row, ciphertext)) {
            return decrypt(field, row, ciphertext);
        }
        try {
            return new String(aead.decrypt(ciphertext, unboundAssociatedData(field)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt " + field + ": unknown key, or the value was tampered with or moved from"
                    + " another column or row", e);
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

    /** Under an old key, or not yet bound to its row. */
    public boolean needsReencryption(String field, byte[] row, byte[] ciphertext) {
        return keyIdOf(ciphertext) != primaryKeyId || !bound(field, row, ciphertext);
    }

    /** The same value under the primary key and bound to its row, for re-encryption after a rotation or the upgrade. */
    public byte[] reencrypt(String field, byte[] row, byte[] ciphertext) {
        return encrypt(field, row, decryptForUpgrade(field, row, ciphertext));
    }

    private static byte[] associatedData(String field, byte[] row) {
        if (row == null || row.length == 0) {
            throw new IllegalArgumentException("a Base A value is bound to its row: no row given for " + field);
        }
        return ("consumidor/base-a/v2/" + field + "/" + HexFormat.of().formatHex(row)).getBytes(StandardCharsets.UTF_8);
    }

    /** What values written before rows were bound carry: the column alone. */
    private static byte[] unboundAssociatedData(String field) {
        return ("consumidor/base-a/" + field).getBytes(StandardCharsets.UTF_8);
    }
}
