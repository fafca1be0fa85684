package io.consumidor.stack;

import io.consumidor.stack.server.StackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up failures of the orchestration, with a stand-in server process (a plain {@code sleep}). */
class LocalStackTest {

    @Test
    void portInUseNamesTheServerThePortAndTheVariable(@TempDir Path home) throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            StackSettings settings = StackSettings.from(home, Map.of("PIPELINE_SQS_PORT", Integer.toString(squatter.getLocalPort())));
            LocalStack stack = new LocalStack(settings, List.of(new SleepingServer(settings, "sqs", squatter.getLocalPort(), false)), quiet());

            assertThatThrownBy(stack::up)
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("sqs: port " + squatter.getLocalPort())
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("PIPELINE_SQS_PORT")
                    .hasMessageContaining(".pipeline/logs/sqs.log");
        }
    }

    @Test
    void serverThatDiesAtStartIsReportedWithItsLog(@TempDir Path home) {
        StackSettings settings = StackSettings.from(home, Map.of("PIPELINE_START_TIMEOUT_SECONDS", "20"));
        LocalStack stack = new LocalStack(settings, List.of(new DyingServer(settings)), quiet());

        assertThatThrownBy(stack::up)
                .isInstanceOf(StackException.class)
                .hasMessageContaining("dying (stand-in) died while starting")
                .hasMessageContaining(".pipeline/logs/dying.log")
                .hasMessageContaining("boom: missing configuration");
    }

    @Test
    void upTwiceReusesAndDownStopsExactlyWhatUpStarted(@TempDir Path home) throws Exception {
        StackSettings settings = StackSettings.from(home, Map.of());
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        LocalStack stack = new LocalStack(settings, List.of(new SleepingServer(settings, "sleeper", port, true)), quiet());

        LocalStack.UpResult first = stack.up();
        LocalStack.UpResult second = stack.up();
        long pid = stack.status().get(0).pid();
        List<String> stopped = stack.down();

        assertThat(first.started()).containsExactly("sleeper");
        assertThat(second.reused()).containsExactly("sleeper");
        assertThat(second.started()).isEmpty();
        assertThat(stopped).containsExactly("sleeper");
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(stack.status().get(0).state()).isEqualTo(ServerStatus.State.DOWN);
        assertThat(settings.envFile()).doesNotExist();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    /** A process that lives until stopped; "ready" as soon as it runs. */
    private record SleepingServer(StackSettings settings, String name, int port, boolean readyWhenRunning) implements StackServer {
        @Override public String implementation() { return "stand-in"; }
        @Override public List<Integer> ports() { return List.of(port); }
        @Override public void prepare() { }
        @Override public LaunchSpec launch() {
            return new LaunchSpec(List.of("sh", "-c", "sleep 300; : " + settings.stateDir()), Map.of(), settings.home());
        }
        @Override public boolean ready() { return readyWhenRunning && new ServerProcesses(settings).running(name).isPresent(); }
    }

    /** A process that prints an error and exits at once, like a server with bad configuration. */
    private record DyingServer(StackSettings settings) implements StackServer {
        @Override public String name() { return "dying"; }
        @Override public String implementation() { return "stand-in"; }
        @Override public List<Integer> ports() { return List.of(39999); }
        @Override public void prepare() { }
        @Override public LaunchSpec launch() {
            return new LaunchSpec(List.of("sh", "-c", "echo 'boom: missing configuration'; exit 3"), Map.of(), settings.home());
        }
        @Override public boolean ready() { return false; }
    }
}
