package io.consumidor.stack;

import io.consumidor.stack.server.ElasticMqServer;
import io.consumidor.stack.server.ElasticsearchServer;
import io.consumidor.stack.server.MongoWireServer;
import io.consumidor.stack.server.PostgresServer;
import io.consumidor.stack.server.S3ProxyServer;
import io.consumidor.stack.server.StackServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded stack: PostgreSQL, SQS (ElasticMQ), S3 (S3Proxy), MongoDB wire (mongo-java-server) and
 * Elasticsearch, each a real server process on loopback. {@link #up()} is idempotent and starts only
 * what is not running; {@link #down()} stops exactly what this stack started.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackSettings settings;
    private final ServerProcesses processes;
    private final List<StackServer> servers;
    private final PrintStream out;
    private final Kind kind;

    /**
     * What a stack is of, which decides what it owns besides its processes: the stores' stack writes {@code stack.env}
     * when up and, when down, deletes it and kills strays (an app or test JVM left running against the stores); the
     * apps' stack runs on top of it and owns neither.
     */
    public enum Kind { STORES, APPS }

    /** A stores' stack of the given servers; {@link #create} builds the full one. */
    public LocalStack(StackSettings settings, List<StackServer> servers, PrintStream out) {
        this(settings, servers, out, Kind.STORES);
    }

    private LocalStack(StackSettings settings, List<StackServer> servers, PrintStream out, Kind kind) {
        this.settings = settings;
        this.processes = new ServerProcesses(settings);
        this.servers = List.copyOf(servers);
        this.out = out;
        this.kind = kind;
    }

    public static LocalStack create(StackSettings settings, PrintStream out) {
        Properties build = buildProperties();
        Unprivileged unprivileged = Unprivileged.detect();
        // Elasticsearch first: it takes longest, and the others start while it boots.
        return new LocalStack(settings, List.of(
                new ElasticsearchServer(settings, unprivileged, build.getProperty("elasticsearch.version"),
                        Path.of(build.getProperty("elasticsearch.zip"))),
                new PostgresServer(settings, unprivileged, build.getProperty("postgres.version")),
                new ElasticMqServer(settings),
                new S3ProxyServer(settings),
                new MongoWireServer(settings)), out);
    }

    /** The pipeline's own apps, started by {@code ./pipeline up} once the servers answer. */
    public static LocalStack apps(StackSettings settings, PrintStream out) {
        return new LocalStack(settings, List.of(
                new io.consumidor.stack.server.AppServer(settings, "ingest-app", settings.ingestPort(), "384m"),
                new io.consumidor.stack.server.AppServer(settings, "query-api", settings.queryPort(), "384m"),
                io.consumidor.stack.server.AppServer.operationsOnly(settings, "stream-router", settings.routerPort(), "384m"),
                io.consumidor.stack.server.AppServer.operationsOnly(settings, "schedules", settings.schedulesPort(), "768m")), out, Kind.APPS);
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = LocalStack.class.getResourceAsStream("/stack-build.properties")) {
            if (in == null) {
                throw new StackException("stack-build.properties is missing from the local-stack jar; run ./pipeline build");
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new StackException("cannot read stack-build.properties: " + e.getMessage(), e);
        }
    }

    public StackSettings settings() {
        return settings;
    }

    /** What {@link #up()} did. */
    public record UpResult(List<String> started, List<String> reused, Duration took) {
    }

    public UpResult up() {
        long begin = System.nanoTime();
        List<String> reused = new ArrayList<>();
        Map<StackServer, ProcessHandle> pending = new LinkedHashMap<>();
        List<StackServer> toStart = new ArrayList<>();
        for (StackServer server : servers) {
            Optional<ProcessHandle> running = processes.running(server.name());
            if (running.isPresent() && server.ready()) {
                reused.add(server.name());
                out.printf("  %-14s reused   %s %s (pid %d)%n", server.name(), server.implementation(),
                        where(server), running.get().pid());
            } else if (running.isPresent()) {
                pending.put(server, running.get());
            } else {
                requireFreePorts(server);
                toStart.add(server);
            }
        }
        for (StackServer server : toStart) {
            server.prepare();
            pending.put(server, processes.start(server.name(), server.launch()));
        }
        awaitReady(pending, begin);
        if (new LocalIssuer(settings).ensureKeys()) {
            out.println("  generated the local JWT signing key pair in " + relative(settings.stateDir().resolve("keys")));
        }
        if (kind == Kind.STORES) {
            StackEnvFile.write(settings);
        }
        List<String> started = pending.keySet().stream().map(StackServer::name).toList();
        return new UpResult(started, reused, Duration.ofNanos(System.nanoTime() - begin));
    }

    private void requireFreePorts(StackServer server) {
        for (int port : server.ports()) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(StackSettings.HOST))) {
                socket.setReuseAddress(false);
            } catch (IOException e) {
                throw new StackException(server.name() + ": port " + port + " on " + StackSettings.HOST
                        + " is already in use by a process this stack did not start. Stop it, or choose another port with "
                        + settings.portVariable(port) + "=<port>. (log: " + relative(processes.logFile(server.name())) + ")");
            }
        }
    }

    private void awaitReady(Map<StackServer, ProcessHandle> pending, long begin) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        Map<StackServer, ProcessHandle> waiting = new LinkedHashMap<>(pending);
        List<String> failures = new ArrayList<>();
        while (!waiting.isEmpty()) {
            for (var entry : List.copyOf(waiting.entrySet())) {
                StackServer server = entry.getKey();
                if (server.ready()) {
                    server.afterReady();
                    waiting.remove(server);
                    out.printf("  %-14s started  %s %s (pid %d) after %.1f s%n", server.name(),
                            server.implementation(), where(server), entry.getValue().pid(),
                            (System.nanoTime() - begin) / 1e9);
                } else if (!entry.getValue().isAlive()) {
                    waiting.remove(server);
                    failures.add(failure(server, "died while starting"));
                } else if (System.nanoTime() > deadline) {
                    waiting.remove(server);
                    failures.add(failure(server, "did not answer within " + settings.startTimeout().toSeconds()
                            + " s (PIPELINE_START_TIMEOUT_SECONDS)"));
                }
            }
            if (!waiting.isEmpty()) {
                sleep(POLL);
            }
        }
        if (!failures.isEmpty()) {
            throw new StackException(String.join(System.lineSeparator(), failures));
        }
    }

    private String failure(StackServer server, String what) {
        return server.name() + " (" + server.implementation() + ") " + what + "; see "
                + relative(processes.logFile(server.name())) + ". Last lines:" + System.lineSeparator()
                + processes.tail(server.name(), 15).indent(4);
    }

    private static String where(StackServer server) {
        return server.ports().isEmpty() ? "(no port)" : "on " + StackSettings.HOST + ":" + server.ports().get(0);
    }

    public List<ServerStatus> status() {
        List<ServerStatus> statuses = new ArrayList<>();
        for (StackServer server : servers) {
            Optional<ProcessHandle> running = processes.running(server.name());
            ServerStatus.State state = running.isEmpty() ? ServerStatus.State.DOWN
                    : server.ready() ? ServerStatus.State.UP : ServerStatus.State.STARTING;
            statuses.add(new ServerStatus(server.name(), server.implementation(), state, server.ports().isEmpty() ? 0 : server.ports().get(0),
                    running.map(ProcessHandle::pid).orElse(null),
                    running.map(ServerProcesses::residentKib).orElse(0L), processes.logFile(server.name())));
        }
        return statuses;
    }

    /** Stops every server this stack started (and their child processes); returns the names stopped. */
    public List<String> down() {
        List<String> stopped = new ArrayList<>();
        List<StackServer> reverse = new ArrayList<>(servers);
        java.util.Collections.reverse(reverse);
        for (StackServer server : reverse) {
            if (processes.stop(server.name(), server.stopSignal(), STOP_GRACE)) {
                stopped.add(server.name());
                out.printf("  %-14s stopped%n", server.name());
            }
        }
        if (kind == Kind.STORES) {
            for (ProcessHandle stray : processes.strays()) {
                out.printf("  stray process %d (%s) killed%n", stray.pid(), stray.info().command().orElse("?"));
                ServerProcesses.kill(stray);
            }
            StackEnvFile.delete(settings);
        }
        return stopped;
    }

    /** Stops the named servers only (a test JVM stops what it started, nothing more). */
    public List<String> stop(List<String> names) {
        List<String> stopped = new ArrayList<>();
        for (StackServer server : servers) {
            if (names.contains(server.name()) && processes.stop(server.name(), server.stopSignal(), STOP_GRACE)) {
                stopped.add(server.name());
            }
        }
        if (servers.stream().noneMatch(s -> processes.running(s.name()).isPresent())) {
            StackEnvFile.delete(settings);
        }
        return stopped;
    }

    /** Stops one server, as a crash would; used to test and demonstrate that {@link #up()} restarts only it. */
    public boolean kill(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst()
                .map(s -> processes.stop(s.name(), "KILL", Duration.ofSeconds(10)))
                .orElseThrow(() -> new StackException("no server named " + name));
    }

    public Path relative(Path path) {
        return path.startsWith(settings.home()) ? settings.home().relativize(path) : path;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the stack");
        }
    }

    @Override
    public void close() {
        servers.forEach(StackServer::close);
    }
}
