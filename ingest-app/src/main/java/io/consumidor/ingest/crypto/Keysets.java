package io.consumidor.ingest.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import io.consumidor.core.keys.OwnerOnlyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.function.Consumer;

/**
 * Loads, creates and rotates Tink keysets kept as JSON. Production passes them in (environment or a
 * secret manager); the embedded default generates development keysets on first run under
 * {@code .pipeline/keys/} and says so. Cleartext keysets on disk are for development only.
 */
public final class Keysets {

    /** What a keyset is for; each kind has its own key type. */
    public enum Kind {
        ENCRYPTION(PredefinedAeadParameters.AES256_GCM),
        LOOKUP(PredefinedPrfParameters.HMAC_SHA256_PRF);

        private final Parameters parameters;

        Kind(Parameters parameters) {
            this.parameters = parameters;
        }
    }

    static {
        try {
            AeadConfig.register();
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Keysets() {
    }

    public static KeysetHandle parse(String json) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a Tink JSON keyset", e);
        }
    }

    public static String toJson(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialise keyset", e);
        }
    }

    public static KeysetHandle generate(Kind kind) {
        try {
            return KeysetHandle.generateNew(kind.parameters);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + kind + " keyset", e);
        }
    }

    /** The keyset with a new primary key; old keys stay, so existing ciphertexts still decrypt. */
    public static KeysetHandle rotate(KeysetHandle keyset, Kind kind) {
        try {
            return KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(kind.parameters).withRandomId().makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot rotate the " + kind + " keyset", e);
        }
    }

    /**
     * The development keyset at {@code file}, generated (readable by the owner only) when missing;
     * {@code announce} hears about a generation so the user is told.
     */
    public static KeysetHandle loadOrGenerate(Path file, Kind kind, Consumer<String> announce) {
        try {
            if (Files.isRegularFile(file)) {
                return parse(Files.readString(file));
            }
            KeysetHandle keyset = generate(kind);
            if (!OwnerOnlyFiles.createSecret(file, toJson(keyset).getBytes(StandardCharsets.UTF_8))) {
                return parse(Files.readString(file)); // another process generated it first
            }
            announce.accept("generated a local development " + kind.name().toLowerCase() + " keyset at " + file
                    + " (for development only: production must pass its keys explicitly)");
            return keyset;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the keyset " + file, e);
        }
    }
}
