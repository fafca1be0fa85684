package io.consumidor.ingest.hostile;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.ingest.IngestApplication;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.JwtAttacks;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestDatabases;
import io.consumidor.testsupport.TestStack;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile input against every endpoint of Base A's API, over real HTTP, in a database of its own:
 * bodies generated from the API's OpenAPI document and then broken ({@link Breakages}), hostile path values
 * (valid, formatted, invalid, unusual and huge CPFs, non-numeric ids) and hostile headers (the known JWT
 * attacks of {@link JwtAttacks}, odd request ids and purposes). Whatever the request:
 * <ul>
 *   <li>never a 5xx;</li>
 *   <li>every 4xx is an RFC 9457 problem whose instance is the request id, without the path;</li>
 *   <li>no refusal, log line or audit row holds the CPF (an authorised read or write answers with the consumer,
 *       CPF included: that is the API);</li>
 *   <li>a refused request stores nothing: consumers, debts and outbox events are counted before and after.</li>
 * </ul>
 * Tries: {@code jqwik.tries.default} ({@code src/test/resources/junit-platform.properties}, 300 in CI); a long
 * run: {@code ./mvnw verify -pl ingest-app -Dtest=HostileHttpIT -Djqwik.tries.default=20000}.
 */
class HostileHttpIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> SCOPES = java.util.stream.Stream.concat(java.util.stream.Stream.of("base-a:read", "base-a:write",
            "base-a:erase"), io.consumidor.core.event.EventType.intakeScopes().stream()).toList();

    private static String database;
    private static ConfigurableApplicationContext app;
    private static int port;
    private static JdbcClient jdbc;
    private static JwtAttacks attacks;
    private static OpenApiValues values;
    private static List<Operation> operations;
    private static ListAppender<ILoggingEvent> logs;

    /** One operation of the OpenAPI document: method, path template, and its body's schema if it takes one. */
    record Operation(String method, String path, JsonNode bodySchema) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A generated request, shown whole when a property fails (and then shrunk). */
    record Request(Operation operation, String cpf, String debtId, Breakages.Body body, String tokenKind, String token,
                   Map<String, String> headers) {
        @Override
        public String toString() {
            return operation + " cpf=" + cpf + " debtId=" + debtId + " token=" + tokenKind + " headers=" + headers + " body=" + body;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        database = TestDatabases.createPostgres("hostile_http");
        app = new SpringApplication(IngestApplication.class).run("--server.port=0", "--spring.datasource.url=" + database,
                "--consumidor.ingest.outbox.poll-interval=1h");
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        jdbc = JdbcClient.create(TestStack.env().postgres(TestStack.env().postgresUser(), TestStack.env().postgresPassword(), database));
        LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());
        attacks = new JwtAttacks(issuer);
        JsonNode openApi = JSON.readTree(send(HttpRequest.newBuilder(uri("/v3/api-docs"))
                .header("Authorization", "Bearer " + attacks.valid(SCOPES)).GET()).body());
        values = new OpenApiValues(openApi);
        operations = operations(openApi);
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterContainer
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        app.close();
        TestDatabases.dropPostgres(database);
    }

    private static List<Operation> operations(JsonNode openApi) {
        List<Operation> found = new ArrayList<>();
        JsonNode paths = openApi.path("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                JsonNode schema = paths.get(path).get(method).path("requestBody").path("content").path("application/json").path("schema");
                found.add(new Operation(method.toUpperCase(), path, schema.isMissingNode() ? null : schema));
            }
        }
        found.removeIf(o -> o.path().startsWith("/v3/"));
        assertThat(found).extracting(Operation::toString).contains("PUT /consumers/{cpf}", "POST /events", "DELETE /consumers/{cpf}");
        return found;
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<Operation> operation = Arbitraries.of(operations);
        Arbitrary<String> cpf = Arbitraries.oneOf(
                Arbitraries.create(() -> TestCpfs.random().digits()),
                Arbitraries.create(() -> TestCpfs.random().formatted()),
                Arbitraries.of("529.982.247-24", "00000000000", "1234567890", "529982247250", "５２９９８２２４７２５", " 52998224725",
                        "529.982.247/25", "abc", "-", "%", "..", "529%2E982"),
                Arbitraries.strings().numeric().ofLength(11),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(3000));
        Arbitrary<String> debtId = Arbitraries.oneOf(Arbitraries.longs().between(-5, 100_000).map(String::valueOf),
                Arbitraries.of("abc", "1.5", "99999999999999999999999", "0x10", ""));
        Map<String, String> tokens = new LinkedHashMap<>(attacks.all(SCOPES));
        tokens.put("missing scope", attacks.valid(List.of("other:scope")));
        String valid = attacks.valid(SCOPES);
        Arbitrary<Map.Entry<String, String>> token = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just(Map.entry("valid", valid))),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(new ArrayList<>(tokens.entrySet()))));
        Arbitrary<Map<String, String>> headers = Combinators.combine(
                Arbitraries.of("", "\"1\"", "\"-3\"", "W/\"abc\"", "*", "\"99999999999999999999\""),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(100)).as((ifMatch, purpose, requestId) -> {
                    Map<String, String> all = new LinkedHashMap<>();
                    if (!ifMatch.isEmpty()) {
                        all.put("If-Match", ifMatch);
                    }
                    if (!purpose.isBlank()) {
                        all.put("X-Query-Purpose", purpose.strip());
                    }
                    if (!requestId.isEmpty()) {
                        all.put("X-Request-Id", requestId);
                    }
                    return all;
                });
        return operation.flatMap(op -> {
            Arbitrary<Breakages.Body> body = op.bodySchema() == null ? Arbitraries.just(null)
                    : Breakages.of(values.valid(op.bodySchema(), null, 0));
            return Combinators.combine(cpf, debtId, body, token, headers)
                    .as((c, d, b, t, h) -> new Request(op, c, d, b, t.getKey(), t.getValue(), h));
        });
    }

    @Property
    void noRequestGetsA5xxLeaksACpfOrStoresAnythingWhenRefused(@ForAll("requests") Request request) throws Exception {
        long before = storedRows();
        int logsBefore = logs.list.size();
        long auditBefore = jdbc.sql("SELECT coalesce(max(id), 0) FROM base_a.audit_log").query(Long.class).single();

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).as("status of %s", request).isLessThan(500);
        List<String> cpfs = cpfsIn(request);
        if (response.statusCode() >= 400) {
            for (String cpf : cpfs) {
                assertThat(response.body()).as("refusal of %s", request).doesNotContain(cpf);
            }
            assertThat(response.headers().firstValue("Content-Type")).as("problem of %s", request).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("instance").asString()).as("instance of %s", request).startsWith("urn:request:");
            assertThat(problem.has("path")).as("path in the problem of %s", request).isFalse();
            assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
            if (response.statusCode() == 400 && problem.has("errors")) {
                problem.get("errors").forEach(error -> assertThat(error.path("field").asString()).as("blamed field").isNotBlank());
            }
            assertThat(storedRows()).as("rows after refusing %s", request).isEqualTo(before);
        }
        app.getBean(io.consumidor.ingest.audit.RefusalAudit.class).flush(); // refusals are audited in batches, off the request's thread
        List<String> newLogs = logs.list.subList(logsBefore, logs.list.size()).stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        String audit = jdbc.sql("SELECT coalesce(string_agg(row_to_json(a)::text, ' '), '') FROM base_a.audit_log a WHERE id > ?")
                .param(auditBefore).query(String.class).single();
        for (String cpf : cpfs) {
            assertThat(newLogs).as("log lines of %s", request).noneMatch(line -> line.contains(cpf));
            assertThat(audit).as("audit rows of %s", request).doesNotContain(cpf);
        }
    }

    /** The CPFs the request carries that are real CPFs (digits and formatted), wherever they are. */
    private static List<String> cpfsIn(Request request) {
        List<String> found = new ArrayList<>();
        List<String> candidates = new ArrayList<>(List.of(request.cpf()));
        if (request.body() != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d{3}\\.?\\d{3}\\.?\\d{3}-?\\d{2}")
                    .matcher(new String(request.body().bytes(), StandardCharsets.UTF_8));
            while (m.find()) {
                candidates.add(m.group());
            }
        }
        for (String candidate : candidates) {
            if (candidate != null && Cpf.isValid(candidate)) {
                Cpf cpf = Cpf.parse(candidate);
                found.add(cpf.digits());
                found.add(cpf.formatted());
            }
        }
        return found;
    }

    private static long storedRows() {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM base_a.consumer) + (SELECT count(*) FROM base_a.debt)
                             + (SELECT count(*) FROM base_a.outbox)""").query(Long.class).single();
    }

    private static HttpResponse<String> send(Request request) throws Exception {
        String path = request.operation().path()
                .replace("{cpf}", URLEncoder.encode(request.cpf(), StandardCharsets.UTF_8).replace("+", "%20"))
                .replace("{debtId}", URLEncoder.encode(request.debtId(), StandardCharsets.UTF_8).replace("+", "%20"));
        HttpRequest.Builder http = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (request.body() == null) {
            http.method(request.operation().method(), HttpRequest.BodyPublishers.noBody());
        } else {
            http.method(request.operation().method(), HttpRequest.BodyPublishers.ofByteArray(request.body().bytes()))
                    .header("Content-Type", request.body().contentType());
        }
        if (request.token() != null) {
            http.header("Authorization", "Bearer " + request.token());
        }
        request.headers().forEach(http::header);
        return send(http);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
