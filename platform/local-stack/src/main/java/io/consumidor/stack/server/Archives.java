package io.consumidor.stack.server;

import io.consumidor.stack.StackException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks server distributions once into the stack's dist directory. Each unpack goes to a temporary
 * folder that is renamed into place at the end, so an interrupted unpack is never mistaken for a complete one.
 */
final class Archives {

    private Archives() {
    }

    interface Unpacker {
        void unpackInto(Path dir) throws IOException;
    }

    static Path ensureUnpacked(Path target, Unpacker unpacker) {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            deleteRecursively(partial);
            Files.createDirectories(partial);
            unpacker.unpackInto(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new StackException("cannot unpack into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Extracts a .txz (as shipped inside the zonky PostgreSQL binaries jar), keeping modes and symlinks. */
    static void extractTarXz(InputStream in, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(in)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = safeResolve(dir, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        makeExecutable(out);
                    }
                }
            }
        }
    }

    /** Extracts a zip, dropping its single top-level folder, and marks bin/ scripts executable. */
    static void extractZipStrippingRoot(Path zip, Path dir) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path out = safeResolve(dir, name.substring(slash + 1));
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                if (name.substring(slash + 1).startsWith("bin/")) {
                    makeExecutable(out);
                }
            }
        }
    }

    private static Path safeResolve(Path dir, String name) throws IOException {
        Path out = dir.resolve(name).normalize();
        if (!out.startsWith(dir)) {
            throw new IOException("archive entry escapes its folder: " + name);
        }
        return out;
    }

    private static void makeExecutable(Path file) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
        permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
        Files.setPosixFilePermissions(file, permissions);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
