package io.consumidor.ingest.crypto;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.ingest.crypto.Keysets.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlindIndexTest {

    private final BlindIndex index = new BlindIndex(Keysets.generate(Kind.LOOKUP));

    @Test
    void isDeterministicAnd32BytesWhateverTheCpfFormatting() {
        byte[] formatted = index.of(Cpf.parse("529.982.247-25"));

        assertThat(formatted).hasSize(32).isEqualTo(index.of(Cpf.parse("52998224725")));
    }

    @Test
    void differsPerCpfAndPerKey() {
        BlindIndex other = new BlindIndex(Keysets.generate(Kind.LOOKUP));
        Cpf cpf = Cpf.parse("529.982.247-25");

        assertThat(index.of(cpf)).isNotEqualTo(index.of(Cpf.parse("111.444.777-35")));
        assertThat(index.of(cpf)).isNotEqualTo(other.of(cpf));
    }
}
