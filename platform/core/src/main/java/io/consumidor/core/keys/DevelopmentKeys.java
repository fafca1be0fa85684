package io.consumidor.core.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * A random 32-byte secret kept in a file readable by its owner only, generated the first time it is asked for:
 * what the apps use outside production when no key is configured, so a local run keeps the same key across
 * restarts. Production configures its keys and refuses to start without them.
 */
public final class DevelopmentKeys {

    private static final int BYTES = 32;

    /** The development subject key's file in the keys directory: ingest-app and the query API must use the same key. */
    public static final String SUBJECT_KEY_FILE = "base-a-subject.key";

    private DevelopmentKeys() {
    }

    /**
     * The key in {@code file} (base64), created first if missing.
     *
     * @param generated told the file's path when a key was generated (a warning to log)
     */
    public static byte[] loadOrCreate(Path file, Consumer<Path> generated) {
        try {
            if (!Files.isRegularFile(file)) {
                byte[] secret = new byte[BYTES];
                new SecureRandom().nextBytes(secret);
                if (OwnerOnlyFiles.createSecret(file, Base64.getEncoder().encodeToString(secret).getBytes(StandardCharsets.US_ASCII))) {
                    generated.accept(file);
                }
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development key " + file, e);
        }
    }
}
