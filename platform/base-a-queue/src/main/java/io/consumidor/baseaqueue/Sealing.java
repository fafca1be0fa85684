package io.consumidor.baseaqueue;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * HPKE (RFC 9180: X25519, HKDF-SHA256, AES-256-GCM) through Tink. A requester seals its request to the
 * worker's public keyset and the worker seals the answer to the requester's, so neither the queues nor the
 * bucket ever hold Base A's data in the clear. The request id is the context info of both ciphertexts: a
 * sealed answer cannot be replayed as the answer to another request.
 */
public final class Sealing {

    private static final HpkeParameters PARAMETERS;

    static {
        try {
            HybridConfig.register();
            PARAMETERS = HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.TINK)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Sealing() {
    }

    /** A new private keyset (keep it secret; publish {@link #publicKeyset(KeysetHandle)}). */
    public static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PARAMETERS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an HPKE keyset", e);
        }
    }

    /** The public half of a private keyset, as Tink JSON with no secret in it. */
    public static String publicKeyset(KeysetHandle privateKeyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(privateKeyset.getPublicKeysetHandle());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot export the public keyset", e);
        }
    }

    public static String privateKeysetJson(KeysetHandle privateKeyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(privateKeyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialise the keyset", e);
        }
    }

    public static KeysetHandle parsePrivate(String json) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a Tink JSON HPKE private keyset", e);
        }
    }

    /** An encrypter to the public keyset {@code json}; {@link IllegalArgumentException} when it is not one. */
    public static HybridEncrypt sealerTo(String publicKeysetJson) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeysetJson)
                    .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a Tink JSON HPKE public keyset", e);
        }
    }

    public static HybridDecrypt opener(KeysetHandle privateKeyset) {
        try {
            return privateKeyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an HPKE private keyset", e);
        }
    }

    public static byte[] seal(HybridEncrypt to, byte[] plaintext, String requestId) {
        try {
            return to.encrypt(plaintext, context(requestId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal", e);
        }
    }

    /** The plaintext; {@link GeneralSecurityException} when the bytes were not sealed to this key for this request. */
    public static byte[] open(HybridDecrypt with, byte[] ciphertext, String requestId) throws GeneralSecurityException {
        return with.decrypt(ciphertext, context(requestId));
    }

    private static byte[] context(String requestId) {
        return ("consumidor base-a-queue " + requestId).getBytes(StandardCharsets.UTF_8);
    }
}
