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
            com.google.crypto.tink.hybrid.HybridConfig.register(); // the queue worker's HPKE keyset may be wrapped too
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

    /**
     * A keyset as configured: cleartext Tink JSON without a KEK, a Tink encrypted keyset (wrapped by the KEK, bound
     * to its {@code role} so one role's wrapped keyset cannot stand in for another's) with one. A mismatch — a
     * wrapped keyset without a KEK, a cleartext one where keysets must be wrapped — is refused, naming {@code setting}.
     */
    public static KeysetHandle parse(String json, com.google.crypto.tink.Aead kek, String role, String setting) {
        boolean wrapped = wrapped(json);
        if (kek == null) {
            if (wrapped) {
                throw new IllegalArgumentException(setting + " is wrapped by a KMS key: set " + KeyEncryptionKeys.SETTING);
            }
            return parse(json);
        }
        if (!wrapped) {
            throw new IllegalArgumentException(setting + " is a cleartext keyset, but " + KeyEncryptionKeys.SETTING
                    + " is set: keysets must be wrapped (./pipeline keys --kek-uri <uri>)");
        }
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, kek, associatedData(role));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + " does not unwrap with " + KeyEncryptionKeys.SETTING
                    + ": another KMS key, or another role's keyset", e);
        }
    }

    /** The keyset wrapped by the KEK for {@code role}, as Tink JSON (no secret in the clear). */
    public static String toWrappedJson(KeysetHandle keyset, com.google.crypto.tink.Aead kek, String role) {
        try {
            return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek, associatedData(role));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap the " + role + " keyset", e);
        }
    }

    static boolean wrapped(String json) {
        return json.contains("\"encryptedKeyset\"");
    }

    private static byte[] associatedData(String role) {
        return ("consumidor/base-a/keyset/" + role).getBytes(StandardCharsets.UTF_8);
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
