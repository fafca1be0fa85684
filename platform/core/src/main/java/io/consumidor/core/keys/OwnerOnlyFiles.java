package io.consumidor.core.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Writes secrets (development keys, keysets) readable by their owner only from the first byte: the file is created
 * with mode 600 (its directory 700) before anything is written to it, under a temporary name, then moved into place
 * — never written first and restricted after, which leaves a window in which anyone may read it.
 */
public final class OwnerOnlyFiles {

    private static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private OwnerOnlyFiles() {
    }

    /**
     * Writes {@code content} to {@code file} unless it exists; returns false when another process got there first
     * (its file stands: read it).
     */
    public static boolean createSecret(Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, DIRECTORY);
        }
        Path temp = directory.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.createFile(temp, FILE);
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(content);
            }
            try {
                // A hard link fails when the target exists, so two processes generating at once keep the first key.
                Files.createLink(file, temp);
                return true;
            } catch (UnsupportedOperationException e) {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
