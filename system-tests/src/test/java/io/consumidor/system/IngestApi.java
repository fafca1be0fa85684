package io.consumidor.system;

import io.consumidor.stack.LocalIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** ingest-app as a process on a free port, and its HTTP API with tokens from the local issuer. */
final class IngestApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final LocalIssuer issuer;
    final AppProcess process;

    private IngestApi(int port, LocalIssuer issuer, AppProcess process) {
        this.port = port;
        this.issuer = issuer;
        this.process = process;
    }

    static IngestApi start(PipelineStores stores, String name, String... more) {
        int port = freePort();
        List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=" + port, "--consumidor.ingest.outbox.poll-interval=100ms"));
        for (String argument : more) {
            arguments.add("--" + argument);
        }
        AppProcess process = AppProcess.start(stores.stack, "ingest-app", name, stores.environment(), arguments, () -> AppProcess.answersHttp(port));
        return new IngestApi(port, new LocalIssuer(stores.stack.settings()), process);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Every intake scope: a test producer that may send each event type ({@code scope} takes several, space-separated). */
    static final String PRODUCER = String.join(" ", io.consumidor.core.event.EventType.intakeScopes());

    HttpResponse<String> send(String method, String path, String scope, String body) {
        return send(method, path, scope, body, Map.of());
    }

    HttpResponse<String> send(String method, String path, String scope, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + issuer.token("system-test", List.of(scope.split(" ")), Duration.ofMinutes(5), LocalIssuer.AUDIENCE))
                .header("X-Query-Purpose", "credit-analysis")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
