package io.consumidor.system;

import io.consumidor.testsupport.StackEnv;
import org.awaitility.core.ConditionTimeoutException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * One of the pipeline's apps run from its executable jar as a child JVM, the way {@code ./pipeline up} runs
 * it: environment = the stack's {@code stack.env} plus the test's overrides, arguments win over both. The
 * child carries {@code -Dconsumidor.stack=<state dir>}, so {@code ./pipeline stack down} finds it should a
 * crashed test JVM leave it behind; a shutdown hook kills it when the test JVM exits normally.
 */
final class AppProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread reaper;
    private int port;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code <module>/target/<module>.jar} with the arguments as given (properties as {@code --key=value})
     * and waits until {@code ready} holds, failing with the tail of the app's log if it exits or stays unready.
     */
    static AppProcess start(StackEnv stack, String module, String name, Map<String, String> environment,
                            List<String> arguments, BooleanSupplier ready) {
        Path jar = stack.settings().home().resolve(module).resolve("target").resolve(Path.of(module).getFileName() + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run the packaged app; "
                    + "run them through ./pipeline test (mvn verify), or ./mvnw package -pl " + module + " -am first");
        }
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dconsumidor.stack=" + stack.settings().stateDir(), "-jar", jar.toString()));
        command.addAll(arguments);
        Map<String, String> env = new HashMap<>(stack.values());
        env.putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            AppProcess app = new AppProcess(name, builder.start(), log);
            app.awaitReady(ready);
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(BooleanSupplier ready) {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting:\n" + tail());
                }
                return ready.getAsBoolean();
            });
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " not ready after " + START_TIMEOUT + ":\n" + tail(), e);
        }
    }

    /**
     * Starts an app that serves its operators' port (the stream router, the scheduler's daemon) on a free port of its
     * own and waits until its readiness probe answers 200 — the probe a Kubernetes kubelet or the local stack asks.
     */
    static AppProcess startProbed(StackEnv stack, String module, String name, Map<String, String> environment, List<String> arguments) {
        int port = freePort();
        Map<String, String> env = new HashMap<>(environment);
        env.put("SERVER_PORT", Integer.toString(port));
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        java.net.URI readiness = java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        AppProcess app = start(stack, module, name, env, arguments, () -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(3)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        app.port = port;
        return app;
    }

    /** The child JVM's process id. */
    long pid() {
        return process.pid();
    }

    /** The operators' port of an app started with {@link #startProbed}. */
    int port() {
        return port;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, whatever the JVM held in memory is gone. */
    void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
    }

    /** SIGTERM, then waits for the graceful shutdown. */
    int stop(Duration grace) {
        process.destroy();
        if (!waitForExit(grace)) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
            throw new IllegalStateException(name + " did not stop within " + grace + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** Waits for the process to end on its own and returns its exit code. */
    int awaitExit(Duration timeout) {
        if (!waitForExit(timeout)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " still running after " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    private static final java.net.http.HttpClient PROBE = java.net.http.HttpClient.newHttpClient();

    /** Ready once it answers HTTP at all on the port: every endpoint wants a token, so a 401 is a healthy answer. */
    static boolean answersHttp(int port) {
        try {
            PROBE.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Path log() {
        return log;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway; nothing to undo.
        }
    }
}
