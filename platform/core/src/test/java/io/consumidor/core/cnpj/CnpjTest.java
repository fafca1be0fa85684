package io.consumidor.core.cnpj;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CnpjTest {

    @Test
    void acceptsTheSameCnpjFormattedOrBare() {
        assertThat(Cnpj.parse("11.222.333/0001-81")).isEqualTo(Cnpj.parse("11222333000181"));
        assertThat(Cnpj.parse(" 11.222.333/0001-81 ").digits()).isEqualTo("11222333000181");
    }

    /** The hole a check from outside found: wrong check digits reached PostgreSQL's constraint (and a 500). */
    @Test
    void rejectsWrongCheckDigitsWithoutEchoingTheInput() {
        assertThatThrownBy(() -> Cnpj.parse("11222333000182")).hasMessage("CNPJ check digits do not match")
                .message().doesNotContain("11222333000182");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1122233300018", "112223330001811", "11.222.333/0001-8", "11-222-333/0001-81", "1122233300018a",
            "11111111111111", "00000000000000"})
    void rejectsWhatIsNoCnpj(String input) {
        assertThat(Cnpj.isValid(input)).isFalse();
    }

    @Test
    void agreesWithTheDatabasesCheck() {
        // base_a.valid_cnpj: weights 5..2,9..2 then 6..2,9..2; a remainder below 2 gives 0.
        assertThat(Cnpj.isValid("11444777000161")).isTrue();
        assertThat(Cnpj.isValid("11444777000162")).isFalse();
        assertThat(Cnpj.parse("45997418000153").toString()).isEqualTo("45.997.418/0001-53");
    }
}
