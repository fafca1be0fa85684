package io.consumidor.stack.server;

import io.consumidor.stack.LaunchSpec;
import io.consumidor.stack.StackEnvFile;
import io.consumidor.stack.StackException;
import io.consumidor.stack.StackSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the pipeline's own Spring Boot apps, run from its executable jar against the stack: its
 * environment is exactly {@code stack.env}, as a deployed app's would be. An API has its operators' (management)
 * port {@value #MANAGEMENT_OFFSET} above its own (8081 → 9081); an app without an API (the stream router, the
 * scheduler) serves only that port. Every app is ready when its readiness probe there answers 200 (it says UP only
 * once the app can serve).
 */
public final class AppServer implements StackServer {

    private final StackSettings settings;
    private final String module;
    private final int port;
    private final int managementPort;
    private final String heap;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The management port sits this far above the app's port. */
    public static final int MANAGEMENT_OFFSET = 1000;

    public AppServer(StackSettings settings, String module, int port, String heap) {
        this(settings, module, port, port + MANAGEMENT_OFFSET, heap);
    }

    private AppServer(StackSettings settings, String module, int port, int managementPort, String heap) {
        this.settings = settings;
        this.module = module;
        this.port = port;
        this.managementPort = managementPort;
        this.heap = heap;
    }

    /** An app whose only HTTP is its operators' port (the stream router, the scheduler). */
    public static AppServer operationsOnly(StackSettings settings, String module, int managementPort, String heap) {
        return new AppServer(settings, module, 0, managementPort, heap);
    }

    @Override
    public String name() {
        return module;
    }

    @Override
    public String implementation() {
        return module + " (Spring Boot)";
    }

    @Override
    public List<Integer> ports() {
        return port > 0 ? List.of(port, managementPort) : List.of(managementPort);
    }

    public int managementPort() {
        return managementPort;
    }

    private Path jar() {
        return settings.distDir().resolve(module + ".jar");
    }

    /** The jar is copied out of target/ so a rebuild never rewrites the jar of a running app. */
    @Override
    public void prepare() {
        Path built = settings.home().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(built)) {
            throw new StackException(module + " is not built (" + built + " is missing); run ./pipeline build");
        }
        try {
            Files.createDirectories(settings.distDir());
            Files.copy(built, jar(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StackException(module + ": cannot copy " + built + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LaunchSpec launch() {
        Map<String, String> environment = new HashMap<>(StackEnvFile.entries(settings));
        if (port > 0) {
            environment.put("SERVER_PORT", Integer.toString(port));
            environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        } else {
            environment.put("SERVER_PORT", Integer.toString(managementPort));
        }
        return new LaunchSpec(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-Dconsumidor.stack=" + settings.stateDir(), "-jar", jar().toString()),
                environment, settings.stateDir());
    }

    @Override
    public boolean ready() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + StackSettings.HOST + ":" + managementPort
                        + "/actuator/health/readiness")).timeout(Duration.ofSeconds(3)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
