package io.consumidor.ingest.keys;

import com.google.crypto.tink.KeysetHandle;
import io.consumidor.core.keys.DevelopmentKeys;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.crypto.BlindIndex;
import io.consumidor.ingest.crypto.FieldEncryption;
import io.consumidor.ingest.crypto.Keysets;
import io.consumidor.ingest.crypto.KeyEncryptionKeys;
import com.google.crypto.tink.Aead;
import io.consumidor.ingest.crypto.Keysets.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The three secrets of Base A — the column encryption keyset, the blind-index keyset and the subject key —
 * from configuration, or, in development mode only ({@code consumidor.dev-mode}), generated once as development
 * keys. Outside it a missing key stops the start-up with a message naming it.
 */
@Configuration(proxyBeanMethods = false)
public class BaseAKeys {

    private static final Logger log = LoggerFactory.getLogger(BaseAKeys.class);

    /** The roles the wrapped keysets are bound to (their associated data). */
    public static final String ENCRYPTION_ROLE = "encryption";
    public static final String LOOKUP_ROLE = "lookup";
    public static final String QUEUE_ROLE = "queue";

    private final IngestProperties.Keys keys;
    private final Aead kek;

    public BaseAKeys(IngestProperties properties) {
        this.keys = properties.keys();
        this.kek = kek(keys);
        if (!keys.development()) {
            List<String> missing = new ArrayList<>();
            if (blank(keys.encryptionKeyset())) missing.add("consumidor.ingest.keys.encryption-keyset (BASE_A_ENCRYPTION_KEYSET)");
            if (blank(keys.lookupKeyset())) missing.add("consumidor.ingest.keys.lookup-keyset (BASE_A_LOOKUP_KEYSET)");
            if (blank(keys.subjectKey())) missing.add("consumidor.ingest.keys.subject-key (BASE_A_SUBJECT_KEY)");
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Base A needs explicit keys outside development mode (consumidor.dev-mode); missing: "
                        + String.join(", ", missing));
            }
        }
    }

    @Bean
    public FieldEncryption fieldEncryption() {
        return new FieldEncryption(keyset(keys.encryptionKeyset(), "base-a-encryption.json", Kind.ENCRYPTION, ENCRYPTION_ROLE,
                "consumidor.ingest.keys.encryption-keyset (BASE_A_ENCRYPTION_KEYSET)"));
    }

    @Bean
    public BlindIndex blindIndex() {
        return new BlindIndex(keyset(keys.lookupKeyset(), "base-a-lookup.json", Kind.LOOKUP, LOOKUP_ROLE,
                "consumidor.ingest.keys.lookup-keyset (BASE_A_LOOKUP_KEYSET)"));
    }

    @Bean
    public SubjectPseudonymizer subjectPseudonymizer() {
        byte[] secret = blank(keys.subjectKey()) ? devSubjectKey() : Base64.getDecoder().decode(keys.subjectKey().trim());
        return new SubjectPseudonymizer(keys.subjectKeyId(), secret);
    }

    /** The KEK the configured keysets are wrapped with ({@code BASE_A_KEYSET_KEK_URI}); null: they are cleartext. */
    public static Aead kek(IngestProperties.Keys keys) {
        return blank(keys.kekUri()) ? null : KeyEncryptionKeys.of(keys.kekUri().trim());
    }

    private KeysetHandle keyset(String configured, String devFile, Kind kind, String role, String setting) {
        if (!blank(configured)) {
            return Keysets.parse(configured, kek, role, setting);
        }
        return Keysets.loadOrGenerate(keys.devKeyDir().resolve(devFile), kind, log::warn);
    }

    private byte[] devSubjectKey() {
        return DevelopmentKeys.loadOrCreate(keys.devKeyDir().resolve(DevelopmentKeys.SUBJECT_KEY_FILE), file -> log.warn(
                "generated a local development subject key at {} (for development only: production must pass BASE_A_SUBJECT_KEY)", file));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
