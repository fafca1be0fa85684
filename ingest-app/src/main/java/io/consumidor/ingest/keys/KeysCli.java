package io.consumidor.ingest.keys;

import com.google.crypto.tink.Aead;
import io.consumidor.ingest.crypto.KeyEncryptionKeys;
import java.nio.file.Path;
import io.consumidor.baseaqueue.Sealing;
import io.consumidor.ingest.crypto.Keysets;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./pipeline keys}: a fresh set of every secret the apps refuse to start without outside development mode,
 * printed as an env file ({@code ./pipeline keys > .env} is what {@code docker compose} reads). Tink keysets for the
 * column encryption (AES-256-GCM), the CPF blind index (HMAC-SHA-256) and the queue worker (HPKE), the subject key,
 * the datasets' pseudonym keys and Base A's two role passwords. For a deployment, put each value in the secret
 * store instead of a file (README, "Security model").
 */
public final class KeysCli {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeysCli() {
    }

    /** {@code [--kek-uri <aws-kms://ARN | local-kms://file>]}: with a KEK, the three keysets come out wrapped by it. */
    public static void main(String[] args) {
        String kekUri = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--kek-uri") && i + 1 < args.length) {
                kekUri = args[++i];
            } else {
                System.err.println("usage: ./pipeline keys [--kek-uri aws-kms://<key ARN> | --kek-uri local-kms://<file>]");
                System.exit(2);
            }
        }
        Map<String, String> secrets = generate();
        if (kekUri != null) {
            secrets = wrapped(secrets, kekUri);
        }
        print(secrets, System.out);
    }

    /**
     * The secrets with the three keysets wrapped by the KEK (a local stand-in's key file is created, owner-only,
     * when missing) and {@code BASE_A_KEYSET_KEK_URI} naming it.
     */
    static Map<String, String> wrapped(Map<String, String> secrets, String kekUri) {
        Aead kek = kekUri.startsWith(KeyEncryptionKeys.LOCAL)
                ? KeyEncryptionKeys.local(Path.of(kekUri.substring(KeyEncryptionKeys.LOCAL.length())), true)
                : KeyEncryptionKeys.of(kekUri);
        Map<String, String> wrapped = new LinkedHashMap<>(secrets);
        wrapped.put("BASE_A_ENCRYPTION_KEYSET", Keysets.toWrappedJson(Keysets.parse(secrets.get("BASE_A_ENCRYPTION_KEYSET")), kek,
                BaseAKeys.ENCRYPTION_ROLE));
        wrapped.put("BASE_A_LOOKUP_KEYSET", Keysets.toWrappedJson(Keysets.parse(secrets.get("BASE_A_LOOKUP_KEYSET")), kek,
                BaseAKeys.LOOKUP_ROLE));
        wrapped.put("BASE_A_QUEUE_KEYSET", Keysets.toWrappedJson(Sealing.parsePrivate(secrets.get("BASE_A_QUEUE_KEYSET")), kek,
                BaseAKeys.QUEUE_ROLE));
        wrapped.put("BASE_A_KEYSET_KEK_URI", kekUri);
        return wrapped;
    }

    /** Each secret by the environment variable that carries it. */
    static Map<String, String> generate() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("BASE_A_ENCRYPTION_KEYSET", Keysets.toJson(Keysets.generate(Keysets.Kind.ENCRYPTION)));
        secrets.put("BASE_A_LOOKUP_KEYSET", Keysets.toJson(Keysets.generate(Keysets.Kind.LOOKUP)));
        secrets.put("BASE_A_SUBJECT_KEY", random(32));
        secrets.put("BASE_A_QUEUE_KEYSET", Sealing.privateKeysetJson(Sealing.generate()));
        secrets.put("ML_KEY_TRAIN", random(32));
        secrets.put("ML_KEY_SCORE", random(32));
        secrets.put("BASE_A_APP_PASSWORD", password());
        secrets.put("BASE_A_OWNER_PASSWORD", password());
        return secrets;
    }

    static void print(Map<String, String> secrets, PrintStream out) {
        out.println("# Consumidor secrets, generated " + Instant.now() + " by ./pipeline keys. Keep this file out of version");
        out.println("# control and readable by its owner only; a deployment takes each value from its secret store.");
        // Single quotes: docker compose takes such a value literally (the keysets are JSON).
        secrets.forEach((name, value) -> out.println(name + "='" + value.replaceAll("\\s*\\n\\s*", "") + "'"));
    }

    private static String random(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    /** 24 random bytes, URL-safe: nothing in it a shell, a URL or SQL quoting would read as syntax. */
    private static String password() {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
