package io.consumidor.ingest.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.consumidor.core.keys.OwnerOnlyFiles;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

/**
 * The key-encryption key (KEK) Base A's keysets are wrapped with, by URI ({@code BASE_A_KEYSET_KEK_URI}), as a
 * Tink {@link Aead}: the keysets in the environment are then Tink encrypted keysets, useless without the KMS.
 * <ul>
 *   <li>{@code aws-kms://arn:aws:kms:<region>:<account>:key/<id>} — AWS KMS: each wrap and unwrap is a KMS
 *       Encrypt/Decrypt call with the associated data as encryption context, so CloudTrail records every unwrap
 *       and the key policy decides who may start the app.</li>
 *   <li>{@code local-kms://<absolute path>} — the local stand-in, for tests and development: an AES-256-GCM keyset
 *       in an owner-only file, created by {@code ./pipeline keys --kek-uri} when missing. A file beside the app is
 *       no KMS; production uses {@code aws-kms}.</li>
 * </ul>
 */
public final class KeyEncryptionKeys {

    public static final String AWS = "aws-kms://";
    public static final String LOCAL = "local-kms://";
    /** The setting that names the KEK, for messages. */
    public static final String SETTING = "consumidor.ingest.keys.kek-uri (BASE_A_KEYSET_KEK_URI)";

    private KeyEncryptionKeys() {
    }

    /** @throws IllegalArgumentException naming the setting when the URI is not one of the forms above */
    public static Aead of(String uri) {
        if (uri.startsWith(AWS)) {
            String arn = uri.substring(AWS.length());
            String[] parts = arn.split(":");
            if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("kms")) {
                throw new IllegalArgumentException(SETTING + ": '" + uri + "' is not aws-kms://<key ARN>");
            }
            return new AwsKmsAead(KmsClient.builder().region(Region.of(parts[3])).build(), arn);
        }
        if (uri.startsWith(LOCAL)) {
            return local(Path.of(uri.substring(LOCAL.length())), false);
        }
        throw new IllegalArgumentException(SETTING + ": '" + uri + "' is neither aws-kms://<key ARN> nor local-kms://<file>");
    }

    /** The local stand-in's AEAD at {@code file}; with {@code create}, a new key is made (owner-only) when there is none. */
    public static Aead local(Path file, boolean create) {
        try {
            if (!Files.isRegularFile(file)) {
                if (!create) {
                    throw new IllegalArgumentException(SETTING + ": no local KEK at " + file);
                }
                OwnerOnlyFiles.createSecret(file, Keysets.toJson(Keysets.generate(Keysets.Kind.ENCRYPTION)).getBytes(StandardCharsets.UTF_8));
            }
            KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local KEK " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(SETTING + ": " + file + " is not an AEAD keyset", e);
        }
    }

    /**
     * AWS KMS as a Tink {@link Aead}: the associated data travels as the encryption context, which KMS binds to the
     * ciphertext and requires again to decrypt.
     */
    static final class AwsKmsAead implements Aead {

        private static final String CONTEXT_KEY = "consumidor";
        private final KmsClient kms;
        private final String keyArn;

        AwsKmsAead(KmsClient kms, String keyArn) {
            this.kms = kms;
            this.keyArn = keyArn;
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
            return kms.encrypt(b -> b.keyId(keyArn).plaintext(SdkBytes.fromByteArray(plaintext)).encryptionContext(context(associatedData)))
                    .ciphertextBlob().asByteArray();
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            try {
                return kms.decrypt(b -> b.keyId(keyArn).ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                        .encryptionContext(context(associatedData))).plaintext().asByteArray();
            } catch (software.amazon.awssdk.services.kms.model.KmsException e) {
                throw new GeneralSecurityException("AWS KMS refused to unwrap with " + keyArn + ": " + e.awsErrorDetails().errorCode(), e);
            }
        }

        private static Map<String, String> context(byte[] associatedData) {
            return Map.of(CONTEXT_KEY, Base64.getEncoder().encodeToString(associatedData == null ? new byte[0] : associatedData));
        }
    }
}
