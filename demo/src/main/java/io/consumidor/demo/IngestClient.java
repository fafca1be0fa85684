package io.consumidor.demo;

import io.consumidor.stack.LocalIssuer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base A's real HTTP API, as any client uses it: a development token from the local issuer with
 * {@code base-a:write} (and {@code base-a:read} for the look-up that tells a repeated demo from a first one, and
 * the intake scopes of the event types it sends),
 * {@code PUT /consumers/{cpf}} with {@code If-Match} for each new version, {@code POST /events} for the activity.
 * Busy answers (429, 503) and dropped connections are retried with a growing pause; anything else is an error
 * that stops the demo with the API's problem detail.
 */
final class IngestClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTEMPTS = 6;

    /** A stored version: its number and the subject Base A derived from the CPF. */
    record Stored(long version, String subject) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final LocalIssuer issuer;
    private volatile String token;
    private volatile Instant tokenExpires = Instant.EPOCH;

    IngestClient(URI base, LocalIssuer issuer) {
        this.base = base;
        this.issuer = issuer;
    }

    /** Whether Base A already holds the CPF (a demo run before with the same seed). */
    boolean exists(String cpf) {
        HttpResponse<String> response = send("GET", "/consumers/" + cpf, null, null);
        if (response.statusCode() == 404) {
            return false;
        }
        ensure(response, 200, "look-up");
        return true;
    }

    /** Registers (version null) or replaces (the version it must still have) the person's state of a month. */
    Stored put(Population.Person person, Population.Month month, Long ifMatch) {
        HttpResponse<String> response = send("PUT", "/consumers/" + person.cpf(), JSON.writeValueAsString(body(person, month)),
                ifMatch == null ? null : "\"" + ifMatch + "\"");
        ensure(response, ifMatch == null ? 201 : 200, "registration");
        JsonNode view = JSON.readTree(response.body());
        return new Stored(view.get("version").asLong(), view.get("subject").asString());
    }

    /** Sends a batch of intake items (at most 500); returns how many were accepted. */
    int events(List<Map<String, Object>> items) {
        HttpResponse<String> response = send("POST", "/events", JSON.writeValueAsString(Map.of("events", items)), null);
        ensure(response, 202, "intake");
        JsonNode result = JSON.readTree(response.body());
        if (result.path("rejected").size() > 0) {
            throw new IllegalStateException("the intake refused demo events: " + result.get("rejected"));
        }
        return result.path("accepted").asInt();
    }

    private static Map<String, Object> body(Population.Person person, Population.Month month) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", person.name());
        body.put("address", Map.of("street", "Rua das Flores", "number", Integer.toString(10 + person.index() % 900),
                "city", person.city(), "state", person.state(), "postalCode", person.postalCode()));
        body.put("birthDate", person.birthDate().toString());
        body.put("debts", month.debts().stream().map(d -> Map.of("creditorCnpj", d.creditorCnpj(), "amount", d.amount(), "currency", "BRL",
                "dueDate", d.dueDate().toString(), "status", d.status(), "contractReference", d.contractReference())).toList());
        body.put("assets", month.assets().stream().map(a -> Map.of("kind", a.kind(), "value", a.value(), "paidOff", a.paidOff())).toList());
        body.put("incomeSources", month.incomes().stream().map(i -> Map.of("kind", i.kind(), "monthlyAmount", i.monthlyAmount(),
                "since", i.since().toString())).toList());
        return body;
    }

    private HttpResponse<String> send(String method, String path, String body, String ifMatch) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token())
                    .header("X-Query-Purpose", "demo")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if ((response.statusCode() != 429 && response.statusCode() != 503) || attempt == ATTEMPTS) {
                    return response;
                }
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("ingest-app at " + base + " does not answer (" + e.getMessage()
                            + "); is it up? (./pipeline up)", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause(attempt);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String token() {
        if (Instant.now().isAfter(tokenExpires)) {
            token = issuer.token("demo", java.util.stream.Stream.concat(java.util.stream.Stream.of("base-a:write", "base-a:read"),
                    io.consumidor.core.event.EventType.intakeScopes().stream()).toList(), Duration.ofMinutes(30), LocalIssuer.AUDIENCE);
            tokenExpires = Instant.now().plus(Duration.ofMinutes(25));
        }
        return token;
    }

    private static void ensure(HttpResponse<String> response, int expected, String what) {
        if (response.statusCode() != expected) {
            // The problem detail names fields and reasons, never the CPF (ingest-app keeps it out of answers' texts).
            String body = response.body();
            throw new IllegalStateException("ingest-app refused a demo " + what + " with " + response.statusCode() + ": "
                    + (body.length() > 600 ? body.substring(0, 600) + " ..." : body));
        }
    }
}
