package io.consumidor.jobs.mlexport.erasure;

import io.consumidor.jobs.mlexport.store.Manifest;

import io.consumidor.jobs.mlexport.store.DatasetStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A stored run's Parquet file fetched to a local file, one at a time, and checked against the manifest (size
 * and SHA-256) before anything is read from it: a file that does not match what the manifest says was written
 * is never rewritten into a new run.
 */
final class RunFiles {

    private final DatasetStore store;
    private final Path dir;

    RunFiles(DatasetStore store, Path dir) {
        this.store = store;
        this.dir = dir;
    }

    /** Downloads the manifest's file entry and verifies its size and SHA-256. */
    Path fetch(Manifest.FileEntry file) {
        String key = file.key();
        try {
            Files.createDirectories(dir);
            Path local = dir.resolve("sweep-" + Integer.toHexString(key.hashCode()) + ".parquet");
            store.download(key, local);
            long size = Files.size(local);
            long expected = file.bytes();
            String sha256 = sha256(local);
            if (size != expected || !sha256.equals(file.sha256())) {
                Files.deleteIfExists(local);
                throw new IllegalStateException(key + " is not the file its manifest lists (" + size + " bytes, SHA-256 " + sha256
                        + "; the manifest says " + expected + " bytes, " + file.sha256() + "): not rewritten");
            }
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
