package io.consumidor.ingest.crypto;

import com.google.crypto.tink.KeysetHandle;
import io.consumidor.ingest.crypto.Keysets.Kind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldEncryptionTest {

    private final KeysetHandle keyset = Keysets.generate(Kind.ENCRYPTION);
    private final FieldEncryption encryption = new FieldEncryption(keyset);

    @Test
    void roundTripsAndTheCiphertextDoesNotContainThePlaintext() {
        byte[] ciphertext = encryption.encrypt("name", "Maria da Silva");

        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("Maria");
        assertThat(encryption.decrypt("name", ciphertext)).isEqualTo("Maria da Silva");
    }

    @Test
    void sameValueEncryptsDifferentlyEachTime() {
        assertThat(encryption.encrypt("name", "Maria")).isNotEqualTo(encryption.encrypt("name", "Maria"));
    }

    @Test
    void ciphertextCarriesThePrimaryKeyId() {
        assertThat(FieldEncryption.keyIdOf(encryption.encrypt("cpf", "52998224725"))).isEqualTo(encryption.primaryKeyId());
    }

    @Test
    void ciphertextMovedToAnotherColumnDoesNotDecrypt() {
        byte[] name = encryption.encrypt("name", "Maria");

        assertThatThrownBy(() -> encryption.decrypt("address", name))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot decrypt address")
                .message().doesNotContain("Maria");
    }

    @Test
    void tamperedCiphertextIsRejected() {
        byte[] ciphertext = encryption.encrypt("name", "Maria");
        ciphertext[ciphertext.length - 1] ^= 1;

        assertThatThrownBy(() -> encryption.decrypt("name", ciphertext)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void afterRotationOldCiphertextsDecryptAndReencryptMovesThemToTheNewKey() {
        byte[] old = encryption.encrypt("address", "Rua A, 1");
        FieldEncryption rotated = new FieldEncryption(Keysets.rotate(keyset, Kind.ENCRYPTION));

        byte[] renewed = rotated.reencrypt("address", old);

        assertThat(rotated.primaryKeyId()).isNotEqualTo(encryption.primaryKeyId());
        assertThat(rotated.needsReencryption(old)).isTrue();
        assertThat(rotated.needsReencryption(renewed)).isFalse();
        assertThat(rotated.decrypt("address", old)).isEqualTo("Rua A, 1");
        assertThat(rotated.decrypt("address", renewed)).isEqualTo("Rua A, 1");
    }

    @Test
    void anotherKeysetCannotDecrypt() {
        FieldEncryption stranger = new FieldEncryption(Keysets.generate(Kind.ENCRYPTION));

        assertThatThrownBy(() -> stranger.decrypt("name", encryption.encrypt("name", "Maria")))
                .isInstanceOf(IllegalStateException.class);
    }
}
