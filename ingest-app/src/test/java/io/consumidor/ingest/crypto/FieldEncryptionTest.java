package io.consumidor.ingest.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import io.consumidor.ingest.crypto.Keysets.Kind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldEncryptionTest {

    /** Two consumers' rows: their blind indexes (32 bytes each). */
    private static final byte[] ROW = "row-of-maria-0123456789abcdefghi".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_ROW = "row-of-joao-0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

    private final KeysetHandle keyset = Keysets.generate(Kind.ENCRYPTION);
    private final FieldEncryption encryption = new FieldEncryption(keyset);

    @Test
    void roundTripsAndTheCiphertextDoesNotContainThePlaintext() {
        byte[] ciphertext = encryption.encrypt("name", ROW, "Maria da Silva");

        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("Maria");
        assertThat(encryption.decrypt("name", ROW, ciphertext)).isEqualTo("Maria da Silva");
    }

    @Test
    void sameValueEncryptsDifferentlyEachTime() {
        assertThat(encryption.encrypt("name", ROW, "Maria")).isNotEqualTo(encryption.encrypt("name", ROW, "Maria"));
    }

    @Test
    void ciphertextCarriesThePrimaryKeyId() {
        assertThat(FieldEncryption.keyIdOf(encryption.encrypt("cpf", ROW, "52998224725"))).isEqualTo(encryption.primaryKeyId());
    }

    @Test
    void ciphertextMovedToAnotherColumnDoesNotDecrypt() {
        byte[] name = encryption.encrypt("name", ROW, "Maria");

        assertThatThrownBy(() -> encryption.decrypt("address", ROW, name))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot decrypt address")
                .message().doesNotContain("Maria");
    }

    @Test
    void ciphertextMovedOntoAnotherConsumersRowDoesNotDecrypt() {
        byte[] name = encryption.encrypt("name", ROW, "Maria");

        assertThatThrownBy(() -> encryption.decrypt("name", OTHER_ROW, name))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("moved from another column or row");
        assertThat(encryption.bound("name", OTHER_ROW, name)).isFalse();
        assertThat(encryption.needsReencryption("name", OTHER_ROW, name)).isTrue();
        assertThatThrownBy(() -> encryption.reencrypt("name", OTHER_ROW, name)).as("not even re-encryption takes it")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aValueWrittenBeforeRowsWereBoundIsReadOnlyByReencryptionWhichBindsIt() throws Exception {
        byte[] unbound = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class)
                .encrypt("Maria".getBytes(StandardCharsets.UTF_8), "consumidor/base-a/name".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> encryption.decrypt("name", ROW, unbound)).isInstanceOf(IllegalStateException.class);
        assertThat(encryption.needsReencryption("name", ROW, unbound)).isTrue();
        byte[] bound = encryption.reencrypt("name", ROW, unbound);
        assertThat(encryption.decrypt("name", ROW, bound)).isEqualTo("Maria");
        assertThat(encryption.needsReencryption("name", ROW, bound)).isFalse();
    }

    @Test
    void tamperedCiphertextIsRejected() {
        byte[] ciphertext = encryption.encrypt("name", ROW, "Maria");
        ciphertext[ciphertext.length - 1] ^= 1;

        assertThatThrownBy(() -> encryption.decrypt("name", ROW, ciphertext)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void afterRotationOldCiphertextsDecryptAndReencryptMovesThemToTheNewKey() {
        byte[] old = encryption.encrypt("address", ROW, "Rua A, 1");
        FieldEncryption rotated = new FieldEncryption(Keysets.rotate(keyset, Kind.ENCRYPTION));

        byte[] renewed = rotated.reencrypt("address", ROW, old);

        assertThat(rotated.primaryKeyId()).isNotEqualTo(encryption.primaryKeyId());
        assertThat(rotated.needsReencryption("address", ROW, old)).isTrue();
        assertThat(rotated.needsReencryption("address", ROW, renewed)).isFalse();
        assertThat(rotated.decrypt("address", ROW, old)).isEqualTo("Rua A, 1");
        assertThat(rotated.decrypt("address", ROW, renewed)).isEqualTo("Rua A, 1");
    }

    @Test
    void anotherKeysetCannotDecrypt() {
        FieldEncryption stranger = new FieldEncryption(Keysets.generate(Kind.ENCRYPTION));

        assertThatThrownBy(() -> stranger.decrypt("name", ROW, encryption.encrypt("name", ROW, "Maria")))
                .isInstanceOf(IllegalStateException.class);
    }
}
