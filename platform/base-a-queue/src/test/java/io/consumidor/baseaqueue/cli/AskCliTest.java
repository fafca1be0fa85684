package io.consumidor.baseaqueue.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line of {@code ./pipeline ask}: what it accepts, and the usage errors it gives before any I/O. */
class AskCliTest {

    @Test
    void parsesBothKindsWithTheirOptions() {
        assertThat(AskCli.Question.parse(new String[]{"consumer", "52998224725"}))
                .isEqualTo(new AskCli.Question("consumer", "52998224725", "cli-lookup", 0, 100));
        assertThat(AskCli.Question.parse(new String[]{"debts", "52998224725", "--page", "2", "--page-size", "10", "--purpose", "collections"}))
                .isEqualTo(new AskCli.Question("debts", "52998224725", "collections", 2, 10));
    }

    @Test
    void refusesWhatItCannotAsk() {
        assertThatThrownBy(() -> AskCli.Question.parse(new String[]{"address", "52998224725"})).hasMessageStartingWith("usage:");
        assertThatThrownBy(() -> AskCli.Question.parse(new String[]{"debts"})).hasMessageStartingWith("usage:");
        assertThatThrownBy(() -> AskCli.Question.parse(new String[]{"debts", "52998224725", "--page"})).hasMessageContaining("--page needs a value");
        assertThatThrownBy(() -> AskCli.Question.parse(new String[]{"debts", "52998224725", "--page", "x"})).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> AskCli.Question.parse(new String[]{"consumer", "52998224725", "--page", "1"})).hasMessageContaining("are for debts");
        assertThatThrownBy(() -> AskCli.Question.parse(new String[]{"consumer", "52998224725", "--verbose", "1"})).hasMessageContaining("unknown option");
    }

    @Test
    void usageErrorsAndAMissingTokenExitWith2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(new AskCli(Map.of(), System.out, errors).run(new String[]{"nothing"})).isEqualTo(2);
        assertThat(new AskCli(Map.of(), System.out, errors).run(new String[]{"consumer", "52998224725"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("BASE_A_TOKEN is empty");
    }
}
