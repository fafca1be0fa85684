package io.consumidor.testsupport;

import io.consumidor.stack.LocalIssuer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' port every app serves, checked the same way for each (the stream router's, the scheduler's): the
 * liveness and readiness probes answer UP without a token; detailed health, the Prometheus scrape and the actuator's
 * index are 401 without a token, 403 with a data token, 200 with {@code ops:read}; any other method or path is denied,
 * as an RFC 9457 problem. Returns the scrape so the caller checks its own meters.
 */
public final class OperationsPort {

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());

    public OperationsPort(int port) {
        this.port = port;
    }

    public String token(String... scopes) {
        return issuer.token("ops-port-test", List.of(scopes), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
    }

    public HttpResponse<String> send(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the operators' port " + port + " does not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The whole contract; {@code dataScope} is a scope the app's data clients hold (it must not open this port). */
    public String assertServesOperatorsOnly(String application, String dataScope) {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> answer = send("GET", probe, null);
            assertThat(answer.statusCode()).as(application + " " + probe + " without a token").isEqualTo(200);
            assertThat(answer.body()).as(application + " " + probe).isEqualTo("{\"status\":\"UP\"}");
        }
        for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator")) {
            assertThat(send("GET", path, null).statusCode()).as(application + " " + path + " without a token").isEqualTo(401);
            HttpResponse<String> data = send("GET", path, token(dataScope));
            assertThat(data.statusCode()).as(application + " " + path + " with " + dataScope).isEqualTo(403);
            assertThat(data.headers().firstValue("Content-Type")).as(application + " " + path).contains("application/problem+json");
            assertThat(send("GET", path, token("ops:read")).statusCode()).as(application + " " + path + " with ops:read").isEqualTo(200);
        }
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "TRACE")) {
            assertThat(send(method, "/actuator/health", token("ops:read")).statusCode())
                    .as(application + " " + method + " /actuator/health with ops:read").isIn(403, 405);
        }
        assertThat(send("GET", "/anything-else", token("ops:read")).statusCode()).as(application + " an unmapped path").isEqualTo(403);
        String health = send("GET", "/actuator/health", token("ops:read")).body();
        tools.jackson.databind.JsonNode detailed = tools.jackson.databind.json.JsonMapper.builder().build().readTree(health);
        assertThat(detailed.get("status").asString()).as(application + " detailed health: " + health).isEqualTo("UP");
        assertThat(detailed.has("components")).as(application + " detailed health has its components: " + health).isTrue();
        String scrape = send("GET", "/actuator/prometheus", token("ops:read")).body();
        assertThat(scrape).as(application + " scrape").contains("application=\"" + application + "\"").contains("jvm_memory_used_bytes");
        return scrape;
    }
}
