package io.consumidor.core.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerOnlyFilesTest {

    @Test
    void aSecretIsTheOwnersAloneInADirectoryOfItsOwnAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/secret.key");

        assertThat(OwnerOnlyFiles.createSecret(file, "s3cr3t".getBytes(StandardCharsets.US_ASCII))).isTrue();

        assertThat(Files.readString(file)).isEqualTo("s3cr3t");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void aSecondWriterKeepsTheFirstSecret(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret.key");
        OwnerOnlyFiles.createSecret(file, "first".getBytes(StandardCharsets.US_ASCII));

        assertThat(OwnerOnlyFiles.createSecret(file, "second".getBytes(StandardCharsets.US_ASCII))).isFalse();

        assertThat(Files.readString(file)).isEqualTo("first");
    }
}
