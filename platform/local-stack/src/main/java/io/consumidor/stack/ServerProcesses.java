package io.consumidor.stack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts server processes detached from the caller, remembers them in pid files and stops exactly
 * those processes and their descendants. A pid file is trusted only while the process it names still
 * carries the stack's state directory on its command line, so a recycled pid is never signalled.
 */
public final class ServerProcesses {

    private final StackSettings settings;

    public ServerProcesses(StackSettings settings) {
        this.settings = settings;
    }

    public Path logFile(String server) {
        return settings.logsDir().resolve(server + ".log");
    }

    private Path pidFile(String server) {
        return settings.runDir().resolve(server + ".pid");
    }

    /** The live process this stack started for {@code server}, if any. */
    public Optional<ProcessHandle> running(String server) {
        Path pidFile = pidFile(server);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::belongsToStack);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean belongsToStack(ProcessHandle process) {
        String marker = settings.stateDir().toString();
        return process.info().commandLine().map(line -> line.contains(marker))
                .or(() -> process.info().arguments().map(args -> String.join(" ", args).contains(marker)))
                .orElse(false);
    }

    public ProcessHandle start(String server, LaunchSpec spec) {
        try {
            Files.createDirectories(settings.logsDir());
            Files.createDirectories(settings.runDir());
            Path log = logFile(server);
            Files.writeString(log, "=== " + Instant.now() + " starting " + server + ": " + String.join(" ", spec.command())
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            List<String> command = new ArrayList<>();
            // A session of its own: a Ctrl-C on the terminal that ran `pipeline stack up` must not reach the servers.
            if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
                command.add("setsid");
            }
            command.addAll(spec.command());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.workingDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(spec.environment());
            Process process = builder.start();
            Files.writeString(pidFile(server), Long.toString(process.pid()));
            return process.toHandle();
        } catch (IOException e) {
            throw new StackException(server + " could not be started: " + e.getMessage()
                    + " (see " + logFile(server) + ")", e);
        }
    }

    /** Signals the server, waits for it and its descendants to exit, then forgets it. */
    public boolean stop(String server, String signal, Duration grace) {
        Optional<ProcessHandle> found = running(server);
        found.ifPresent(process -> {
            List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
            family.add(process);
            signal(process.pid(), signal);
            awaitExit(process, grace);
            if (process.isAlive()) {
                process.destroyForcibly();
                awaitExit(process, Duration.ofSeconds(5));
            }
            // Children re-parented when their parent died (for example the Elasticsearch server JVM).
            for (ProcessHandle member : family) {
                if (member.isAlive()) {
                    member.destroyForcibly();
                    awaitExit(member, Duration.ofSeconds(5));
                }
            }
        });
        try {
            Files.deleteIfExists(pidFile(server));
        } catch (IOException ignored) {
            // A stale pid file is harmless: running() verifies the process before trusting it.
        }
        return found.isPresent();
    }

    /**
     * Processes that carry the stack's state directory on their command line but are not in a pid file:
     * left behind by a stack whose pid files were lost. {@code down} kills them so no orphan survives.
     */
    public List<ProcessHandle> strays() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .filter(this::belongsToStack)
                .toList();
    }

    public static void kill(ProcessHandle process) {
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(5));
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Resident memory of the process and its descendants in KiB, where /proc tells (Linux). */
    public static long residentKib(ProcessHandle process) {
        long total = rss(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            total += rss(child.pid());
        }
        return total;
    }

    private static long rss(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The last lines of a server's log, for error messages. */
    public String tail(String server, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile(server), StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log)";
        }
    }
}
