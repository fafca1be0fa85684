package io.consumidor.ingest.keys;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.crypto.Keysets;
import io.consumidor.ingest.crypto.Keysets.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaseAKeysTest {

    private static final byte[] ROW = new byte[32];


    private static IngestProperties properties(IngestProperties.Keys keys) {
        return new IngestProperties(
                new IngestProperties.Database("owner", "pw", null, null, "app", "pw", false), keys,
                new IngestProperties.Jwt("issuer", "aud", "file:/nowhere", null), org.springframework.util.unit.DataSize.ofMegabytes(1),
                new io.consumidor.apisecurity.ClientRateLimits.Settings(1000, 2000),
                new IngestProperties.Audit(java.time.Duration.ofDays(1825)), 2000);
    }

    @Test
    void outsideDevelopmentModeRefusesToStartWithoutExplicitKeysAndNamesEachMissingOne(@TempDir Path dir) {
        IngestProperties.Keys keys = new IngestProperties.Keys(false, dir, "", null, "k1", " ", "");

        assertThatThrownBy(() -> new BaseAKeys(properties(keys)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BASE_A_ENCRYPTION_KEYSET")
                .hasMessageContaining("BASE_A_LOOKUP_KEYSET")
                .hasMessageContaining("BASE_A_SUBJECT_KEY");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void productionUsesTheKeysItIsGiven(@TempDir Path dir) {
        String subjectKey = Base64.getEncoder().encodeToString(new byte[32]);
        IngestProperties.Keys keys = new IngestProperties.Keys(false, dir, Keysets.toJson(Keysets.generate(Kind.ENCRYPTION)),
                Keysets.toJson(Keysets.generate(Kind.LOOKUP)), "k1", subjectKey, "");

        BaseAKeys baseAKeys = new BaseAKeys(properties(keys));

        assertThat(baseAKeys.subjectPseudonymizer().subjectOf(Cpf.parse("52998224725")).keyId()).isEqualTo("k1");
        assertThat(baseAKeys.fieldEncryption().decrypt("name", ROW, baseAKeys.fieldEncryption().encrypt("name", ROW, "x"))).isEqualTo("x");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void developmentGeneratesKeysOnceAndKeepsThem(@TempDir Path dir) {
        IngestProperties.Keys keys = new IngestProperties.Keys(true, dir, null, null, "dev", null, "");

        BaseAKeys first = new BaseAKeys(properties(keys));
        byte[] ciphertext = first.fieldEncryption().encrypt("name", ROW, "Maria");
        byte[] index = first.blindIndex().of(Cpf.parse("52998224725"));
        BaseAKeys second = new BaseAKeys(properties(keys));

        assertThat(second.subjectPseudonymizer().subjectOf(Cpf.parse("52998224725")))
                .isEqualTo(first.subjectPseudonymizer().subjectOf(Cpf.parse("52998224725")));
        assertThat(second.fieldEncryption().decrypt("name", ROW, ciphertext)).isEqualTo("Maria");
        assertThat(second.blindIndex().of(Cpf.parse("52998224725"))).isEqualTo(index);
        assertThat(dir.resolve("base-a-encryption.json")).exists();
        assertThat(dir.resolve("base-a-lookup.json")).exists();
        assertThat(dir.resolve("base-a-subject.key")).exists();
    }
}
