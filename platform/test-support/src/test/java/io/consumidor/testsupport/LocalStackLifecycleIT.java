package io.consumidor.testsupport;

import io.consumidor.stack.LocalStack;
import io.consumidor.stack.ServerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared stack recovers from one crashed server without touching the others. */
class LocalStackLifecycleIT {

    private final StackEnv env = TestStack.env();
    private final LocalStack stack = LocalStack.create(env.settings(), new PrintStream(new ByteArrayOutputStream()));

    @AfterEach
    void close() {
        stack.close();
    }

    @Test
    void upAfterOneServerWasKilledRestartsOnlyThatServer() {
        Map<String, Long> before = pids(stack.status());

        stack.kill("sqs");
        List<ServerStatus> afterKill = stack.status();
        LocalStack.UpResult result = stack.up();
        Map<String, Long> after = pids(stack.status());

        assertThat(afterKill).filteredOn(s -> s.name().equals("sqs")).extracting(ServerStatus::state)
                .containsExactly(ServerStatus.State.DOWN);
        assertThat(afterKill).filteredOn(s -> !s.name().equals("sqs")).allMatch(ServerStatus::up);
        assertThat(result.started()).containsExactly("sqs");
        assertThat(result.reused()).containsExactlyInAnyOrder("elasticsearch", "postgres", "s3", "mongodb");
        assertThat(after.get("sqs")).isNotEqualTo(before.get("sqs"));
        before.remove("sqs");
        after.remove("sqs");
        assertThat(after).isEqualTo(before);
        assertThat(stack.status()).allMatch(ServerStatus::up);
    }

    private static Map<String, Long> pids(List<ServerStatus> statuses) {
        return statuses.stream().collect(Collectors.toMap(ServerStatus::name, ServerStatus::pid));
    }
}
