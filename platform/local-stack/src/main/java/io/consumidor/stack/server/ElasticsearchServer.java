package io.consumidor.stack.server;

import io.consumidor.stack.LaunchSpec;
import io.consumidor.stack.StackException;
import io.consumidor.stack.StackSettings;
import io.consumidor.stack.Unprivileged;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Elasticsearch 8.19 server from its Maven Central integ-test zip. That distribution is
 * reduced: {@code GET /} answers 405, and painless, _update_by_query, _delete_by_query, _reindex, ILM and
 * ingest processors are absent, so readiness is {@code _cluster/health} and apps build on search + bulk.
 */
public final class ElasticsearchServer implements StackServer {

    private final StackSettings settings;
    private final Unprivileged unprivileged;
    private final String version;
    private final Path zip;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ElasticsearchServer(StackSettings settings, Unprivileged unprivileged, String version, Path zip) {
        this.settings = settings;
        this.unprivileged = unprivileged;
        this.version = version;
        this.zip = zip;
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public String implementation() {
        return "Elasticsearch " + version;
    }

    @Override
    public List<Integer> ports() {
        return List.of(settings.elasticsearchPort(), settings.elasticsearchTransportPort());
    }

    private Path distribution() {
        return settings.distDir().resolve("elasticsearch-" + version);
    }

    @Override
    public void prepare() {
        if (!Files.isRegularFile(zip)) {
            throw new StackException("elasticsearch: distribution " + zip + " is missing; run ./pipeline build");
        }
        Archives.ensureUnpacked(distribution(), dir -> Archives.extractZipStrippingRoot(zip, dir));
        unprivileged.grantWrite(settings.dataDir().resolve("elasticsearch"), settings.logsDir().resolve("elasticsearch"),
                distribution().resolve("config"), distribution().resolve("logs"));
    }

    @Override
    public LaunchSpec launch() {
        List<String> command = unprivileged.wrap(List.of(
                distribution().resolve("bin/elasticsearch").toString(),
                "-Ecluster.name=consumidor-local",
                "-Enode.name=local",
                "-Ediscovery.type=single-node",
                "-Enetwork.host=" + StackSettings.HOST,
                "-Ehttp.port=" + settings.elasticsearchPort(),
                "-Etransport.port=" + settings.elasticsearchTransportPort(),
                "-Epath.data=" + settings.dataDir().resolve("elasticsearch"),
                "-Epath.logs=" + settings.logsDir().resolve("elasticsearch"),
                "-Expack.security.enabled=false",
                // A laptop's nearly full disk must not turn indices read-only during development.
                "-Ecluster.routing.allocation.disk.threshold_enabled=false"));
        Map<String, String> environment = Map.of(
                "ES_JAVA_HOME", System.getProperty("java.home"),
                "ES_JAVA_OPTS", "-Xms" + settings.elasticsearchHeap() + " -Xmx" + settings.elasticsearchHeap());
        try {
            Files.createDirectories(settings.dataDir().resolve("elasticsearch"));
            Files.createDirectories(settings.logsDir().resolve("elasticsearch"));
        } catch (IOException e) {
            throw new StackException("elasticsearch: cannot create its directories: " + e.getMessage(), e);
        }
        return new LaunchSpec(command, environment, distribution());
    }

    @Override
    public boolean ready() {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(settings.elasticsearchUrl() + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
                .timeout(Duration.ofSeconds(5)).GET().build();
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
