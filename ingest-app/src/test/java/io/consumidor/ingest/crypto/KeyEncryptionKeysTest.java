package io.consumidor.ingest.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keysets wrapped by a key-encryption key: only that KEK, for that role, unwraps them; mismatches are refused by name. */
class KeyEncryptionKeysTest {

    private static final String SETTING = "BASE_A_ENCRYPTION_KEYSET";
    private static final byte[] ROW = new byte[32];

    @TempDir
    Path dir;

    @Test
    void aWrappedKeysetUnwrapsOnlyWithItsKekForItsRole() throws Exception {
        Path kekFile = dir.resolve("kek.json");
        Aead kek = KeyEncryptionKeys.local(kekFile, true);
        assertThat(Files.getPosixFilePermissions(kekFile)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        KeysetHandle keyset = Keysets.generate(Keysets.Kind.ENCRYPTION);
        String cleartext = Keysets.toJson(keyset);
        String wrapped = Keysets.toWrappedJson(keyset, kek, "encryption");

        String keyValue = cleartext.replaceAll("(?s).*\"value\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertThat(wrapped).contains("encryptedKeyset").doesNotContain(keyValue);
        KeysetHandle unwrapped = Keysets.parse(wrapped, KeyEncryptionKeys.of(KeyEncryptionKeys.LOCAL + kekFile), "encryption", SETTING);
        byte[] ciphertext = new FieldEncryption(keyset).encrypt("name", ROW, "Maria");
        assertThat(new FieldEncryption(unwrapped).decrypt("name", ROW, ciphertext)).isEqualTo("Maria");

        assertThatThrownBy(() -> Keysets.parse(wrapped, kek, "lookup", SETTING)).as("another role's keyset")
                .hasMessageContaining(SETTING).hasMessageContaining("does not unwrap");
        Aead stranger = KeyEncryptionKeys.local(dir.resolve("other-kek.json"), true);
        assertThatThrownBy(() -> Keysets.parse(wrapped, stranger, "encryption", SETTING)).as("another KEK")
                .hasMessageContaining("does not unwrap");
    }

    @Test
    void aWrappedKeysetWithoutAKekAndACleartextOneWithAKekAreRefusedByName() {
        Aead kek = KeyEncryptionKeys.local(dir.resolve("kek.json"), true);
        KeysetHandle keyset = Keysets.generate(Keysets.Kind.ENCRYPTION);

        assertThatThrownBy(() -> Keysets.parse(Keysets.toWrappedJson(keyset, kek, "encryption"), null, "encryption", SETTING))
                .hasMessageContaining(SETTING).hasMessageContaining("BASE_A_KEYSET_KEK_URI");
        assertThatThrownBy(() -> Keysets.parse(Keysets.toJson(keyset), kek, "encryption", SETTING))
                .hasMessageContaining(SETTING).hasMessageContaining("cleartext");
    }

    @Test
    void aKekUriThatIsNeitherFormIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> KeyEncryptionKeys.of("vault://somewhere")).hasMessageContaining("BASE_A_KEYSET_KEK_URI");
        assertThatThrownBy(() -> KeyEncryptionKeys.of("aws-kms://not-an-arn")).hasMessageContaining("aws-kms://<key ARN>");
        assertThatThrownBy(() -> KeyEncryptionKeys.of(KeyEncryptionKeys.LOCAL + dir.resolve("missing.json"))).hasMessageContaining("no local KEK");
    }

    @Test
    void awsKmsCarriesTheAssociatedDataAsEncryptionContextAndRefusesAnotherContext() throws Exception {
        String arn = "arn:aws:kms:sa-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        FakeKms kms = new FakeKms();
        Aead aead = new KeyEncryptionKeys.AwsKmsAead(kms, arn);

        byte[] wrapped = aead.encrypt("keyset".getBytes(StandardCharsets.UTF_8), "consumidor/base-a/keyset/encryption".getBytes(StandardCharsets.UTF_8));

        assertThat(kms.keyIds).containsOnly(arn);
        assertThat(new String(aead.decrypt(wrapped, "consumidor/base-a/keyset/encryption".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("keyset");
        assertThatThrownBy(() -> aead.decrypt(wrapped, "consumidor/base-a/keyset/lookup".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining(arn);
    }

    /** KMS as far as the adapter uses it: a ciphertext opens only with the encryption context it was made with. */
    private static final class FakeKms implements KmsClient {

        final Set<String> keyIds = new java.util.HashSet<>();
        private final Map<String, Map<String, String>> contexts = new HashMap<>();
        private final Map<String, byte[]> plaintexts = new HashMap<>();

        @Override
        public EncryptResponse encrypt(EncryptRequest request) {
            keyIds.add(request.keyId());
            String blob = java.util.UUID.randomUUID().toString();
            contexts.put(blob, request.encryptionContext());
            plaintexts.put(blob, request.plaintext().asByteArray());
            return EncryptResponse.builder().ciphertextBlob(SdkBytes.fromUtf8String(blob)).keyId(request.keyId()).build();
        }

        @Override
        public DecryptResponse decrypt(DecryptRequest request) {
            keyIds.add(request.keyId());
            String blob = request.ciphertextBlob().asUtf8String();
            if (!request.encryptionContext().equals(contexts.get(blob))) {
                throw InvalidCiphertextException.builder().message("context")
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder().errorCode("InvalidCiphertextException").build())
                        .build();
            }
            return DecryptResponse.builder().plaintext(SdkBytes.fromByteArray(plaintexts.get(blob))).build();
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }
}
