package io.consumidor.ingest.crypto;

import io.consumidor.ingest.crypto.Keysets.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysetsTest {

    private static final byte[] ROW = new byte[32];


    @Test
    void generatesADevelopmentKeysetOnceSaysSoAndReusesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/base-a-encryption.json");
        List<String> announcements = new ArrayList<>();

        byte[] ciphertext = new FieldEncryption(Keysets.loadOrGenerate(file, Kind.ENCRYPTION, announcements::add))
                .encrypt("name", ROW, "Maria");
        FieldEncryption reloaded = new FieldEncryption(Keysets.loadOrGenerate(file, Kind.ENCRYPTION, announcements::add));

        assertThat(reloaded.decrypt("name", ROW, ciphertext)).isEqualTo("Maria");
        assertThat(announcements).singleElement().asString().contains("generated a local development encryption keyset");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void rejectsSomethingThatIsNotAKeyset() {
        assertThatThrownBy(() -> Keysets.parse("{\"not\":\"a keyset\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Tink JSON keyset");
    }
}
