package io.consumidor.core.cpf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpfTest {

    @ParameterizedTest
    @ValueSource(strings = {"529.982.247-25", "52998224725", "123.456.789-09", "111.444.777-35", "11144477735", "935.411.347-80",
            "000.000.001-91", " 52998224725 "})
    void acceptsValidCpfFormattedOrNot(String input) {
        assertThat(Cpf.isValid(input)).isTrue();
    }

    @Test
    void normalisesToElevenDigits() {
        Cpf cpf = Cpf.parse("529.982.247-25");

        assertThat(cpf.digits()).isEqualTo("52998224725");
        assertThat(cpf.formatted()).isEqualTo("529.982.247-25");
        assertThat(cpf).isEqualTo(Cpf.parse("52998224725"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"529.982.247-24", "52998224715", "11144477734", "12345678900"})
    void rejectsCpfWithWrongCheckDigits(String input) {
        assertThatThrownBy(() -> Cpf.parse(input)).isInstanceOf(InvalidCpfException.class)
                .hasMessage("CPF check digits do not match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000000", "111.111.111-11", "99999999999"})
    void rejectsAllEqualDigitsEvenThoughTheirCheckDigitsMatch(String input) {
        assertThatThrownBy(() -> Cpf.parse(input)).isInstanceOf(InvalidCpfException.class)
                .hasMessage("CPF must not have all digits equal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5299822472", "529982247251", "529.982.24725", "529-982-247-25", "5299822472a",
            "529.982.247/25", "５２９９８２２４７２５"})
    void rejectsWrongShape(String input) {
        assertThatThrownBy(() -> Cpf.parse(input)).isInstanceOf(InvalidCpfException.class)
                .hasMessageContaining("11 digits");
    }

    @ParameterizedTest
    @NullSource
    void rejectsMissingCpf(String input) {
        assertThatThrownBy(() -> Cpf.parse(input)).isInstanceOf(InvalidCpfException.class).hasMessage("CPF is missing");
    }

    @Test
    void toStringNeverShowsTheCpf() {
        Cpf cpf = Cpf.parse("529.982.247-25");

        assertThat(cpf.toString()).isEqualTo("***.***.***-25").doesNotContain("529", "982", "247");
    }

    @Test
    void rejectionMessagesNeverEchoTheInput() {
        assertThatThrownBy(() -> Cpf.parse("52998224724")).message().doesNotContain("5299822472");
    }
}
