package io.consumidor.core.subject;

import io.consumidor.core.cpf.Cpf;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubjectPseudonymizerTest {

    private static final byte[] KEY = filled(32, (byte) 7);
    private final SubjectPseudonymizer pseudonymizer = new SubjectPseudonymizer("k1", KEY);
    private final Cpf cpf = Cpf.parse("529.982.247-25");

    @Test
    void subjectIsTheHmacSha256OfTheCpfPrefixedByTheKeyId() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("cpf:52998224725".getBytes(StandardCharsets.UTF_8)));

        Subject subject = pseudonymizer.subjectOf(cpf);

        assertThat(subject.value()).isEqualTo("k1_" + expected);
        assertThat(subject.keyId()).isEqualTo("k1");
    }

    @Test
    void sameCpfGivesTheSameSubjectWhateverItsFormatting() {
        assertThat(pseudonymizer.subjectOf(Cpf.parse("52998224725"))).isEqualTo(pseudonymizer.subjectOf(cpf));
    }

    @Test
    void anotherKeyGivesAnUnrelatedSubject() {
        SubjectPseudonymizer other = new SubjectPseudonymizer("k2", filled(32, (byte) 8));

        assertThat(other.subjectOf(cpf).value().substring(3)).isNotEqualTo(pseudonymizer.subjectOf(cpf).value().substring(3));
    }

    @Test
    void subjectDoesNotContainTheCpf() {
        assertThat(pseudonymizer.subjectOf(cpf).value()).doesNotContain("52998224725");
    }

    @Test
    void datasetPseudonymsDifferPerDatasetAndFromTheSubject() {
        Subject subject = pseudonymizer.subjectOf(cpf);

        String a = pseudonymizer.datasetPseudonym(subject, "credit-features-v1");
        String b = pseudonymizer.datasetPseudonym(subject, "fraud-v1");

        assertThat(a).hasSize(64).isNotEqualTo(b).isNotEqualTo(subject.value().substring(3));
        assertThat(pseudonymizer.datasetPseudonym(subject, "credit-features-v1")).isEqualTo(a);
    }

    @Test
    void rejectsShortKey() {
        assertThatThrownBy(() -> new SubjectPseudonymizer("k1", new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void rejectsKeyIdOutsideTheSubjectAlphabet() {
        assertThatThrownBy(() -> new SubjectPseudonymizer("Key_1", KEY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key id");
    }

    @Test
    void subjectRejectsValuesOfTheWrongShape() {
        assertThatThrownBy(() -> new Subject("52998224725")).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("52998224725");
    }

    private static byte[] filled(int size, byte value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
