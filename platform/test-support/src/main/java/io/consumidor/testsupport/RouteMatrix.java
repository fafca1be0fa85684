package io.consumidor.testsupport;

import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every route of a running API × every HTTP method × every scope set, over real HTTP, against the route table a
 * test declares. The routes come from the app itself — every {@link RequestMappingInfoHandlerMapping} in its
 * context: the controllers, the actuator, springdoc, the error controller — so an endpoint added later is walked
 * too, and it is closed unless the table opens it.
 * <p>
 * What must hold: a request the table opens is let through (not 401, 403 or 5xx: the handler decides, 400 for an
 * empty body is fine); every other request is refused by the security chain — 401 without a token, 403 with
 * one — or, for TRACE, by the servlet container (405). No refused request gets a 2xx, and every refusal with a
 * body is an RFC 9457 problem.
 */
public final class RouteMatrix {

    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    /** Every scope a Consumidor token can carry. */
    public static final List<String> SCOPES = java.util.stream.Stream.concat(Stream.of("base-a:read", "base-a:write", "base-a:erase",
            "base-c:read", "rating:read", "features:read", "ops:read"), io.consumidor.core.event.EventType.intakeScopes().stream()).toList();

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A route the table opens: a method, the handler mapping's pattern, and the scopes a token needs (all of them). */
    public record Grant(String method, String pattern, Set<String> scopes) {
    }

    /** One request of the walk and what it got. */
    public record Outcome(String method, String path, String scopes, int status, String contentType) {
        @Override
        public String toString() {
            return method + " " + path + " with " + scopes + " -> " + status;
        }
    }

    private final ApplicationContext app;
    private final int port;
    private final Function<List<String>, String> tokens;
    private final Map<String, String> samples;
    private final List<Grant> grants = new ArrayList<>();

    /**
     * @param tokens  a valid token of the app's issuer for the given scopes
     * @param samples a value for each path variable by name (a valid CPF for {@code cpf}, say); others get {@code x}
     */
    public RouteMatrix(ApplicationContext app, int port, Function<List<String>, String> tokens, Map<String, String> samples) {
        this.app = app;
        this.port = port;
        this.tokens = tokens;
        this.samples = samples;
    }

    /** A walk of the app at {@code port} with tokens of the local issuer (five minutes each). */
    public static RouteMatrix of(ApplicationContext app, int port, Map<String, String> samples) {
        io.consumidor.stack.LocalIssuer issuer = new io.consumidor.stack.LocalIssuer(TestStack.env().settings());
        return new RouteMatrix(app, port, scopes -> issuer.token("route-matrix", scopes, Duration.ofMinutes(5),
                io.consumidor.stack.LocalIssuer.AUDIENCE), samples);
    }

    /**
     * The actuator's endpoints every API exposes, for {@code ops:read}: health, its groups and the Prometheus scrape
     * by GET and HEAD, the links page by GET only (Boot's endpoint matcher names GET, so its HEAD is denied).
     */
    public RouteMatrix grantActuator() {
        for (String endpoint : List.of("/actuator/health", "/actuator/health/**", "/actuator/prometheus")) {
            grant("GET,HEAD", endpoint, "ops:read");
        }
        return grant("GET", "/actuator", "ops:read");
    }

    /** Opens {@code methods} (comma-separated) of {@code pattern} to a token holding every one of {@code scopes}. */
    public RouteMatrix grant(String methods, String pattern, String... scopes) {
        for (String method : methods.split(",")) {
            grants.add(new Grant(method.strip(), pattern, Set.of(scopes)));
        }
        return this;
    }

    /** The path patterns the app maps, sorted. */
    public Set<String> patterns() {
        Set<String> patterns = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : app.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                patterns.addAll(info.getPatternValues());
            }
        }
        return patterns;
    }

    /** The scope sets walked: none, each scope alone, every data scope, and each grant's own set. */
    public List<Set<String>> scopeSets() {
        Set<Set<String>> sets = new LinkedHashSet<>();
        sets.add(null);
        SCOPES.forEach(scope -> sets.add(Set.of(scope)));
        sets.add(Set.copyOf(SCOPES.stream().filter(s -> !s.equals("ops:read")).toList()));
        grants.forEach(grant -> sets.add(grant.scopes()));
        return new ArrayList<>(sets);
    }

    /** Walks the whole matrix; returns every outcome that breaks the rules above (empty when the API holds). */
    public List<String> violations() throws IOException, InterruptedException {
        List<String> violations = new ArrayList<>();
        Set<String> patterns = patterns();
        grants.stream().map(Grant::pattern).filter(p -> !patterns.contains(p)).distinct()
                .forEach(p -> violations.add("the table grants " + p + ", which the app does not map"));
        for (String pattern : patterns) {
            String path = concrete(pattern);
            for (String method : METHODS) {
                for (Set<String> scopes : scopeSets()) {
                    Outcome outcome = send(method, path, scopes);
                    String broken = judge(outcome, allowed(method, pattern, scopes), scopes == null);
                    if (broken != null) {
                        violations.add(outcome + ": " + broken);
                    }
                }
            }
        }
        return violations;
    }

    /** How many requests {@link #violations()} sends. */
    public int size() {
        return patterns().size() * METHODS.size() * scopeSets().size();
    }

    private boolean allowed(String method, String pattern, Set<String> scopes) {
        return scopes != null && grants.stream().anyMatch(g -> g.method().equals(method) && g.pattern().equals(pattern)
                && scopes.containsAll(g.scopes()));
    }

    private static String judge(Outcome outcome, boolean allowed, boolean anonymous) {
        int status = outcome.status();
        boolean problem = outcome.method().equals("HEAD") || outcome.contentType().startsWith("application/problem+json");
        if (status >= 500) {
            return "a server error";
        }
        if (allowed) {
            return status == 401 || status == 403 ? "refused, though the table opens it" : null;
        }
        if (status < 300) {
            return "answered, though the table does not open it";
        }
        int expected = anonymous ? 401 : 403;
        if (status != expected && !(outcome.method().equals("TRACE") && status == 405)) {
            return "expected " + expected + " from the security chain";
        }
        return problem ? null : "a refusal that is not an RFC 9457 problem (" + outcome.contentType() + ")";
    }

    private Outcome send(String method, String path, Set<String> scopes) throws IOException, InterruptedException {
        boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (body) {
            request.header("Content-Type", "application/json");
        }
        if (scopes != null) {
            request.header("Authorization", "Bearer " + tokens.apply(List.copyOf(new TreeSet<>(scopes))));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Outcome(method, path, scopes == null ? "no token" : new TreeSet<>(scopes).toString(), response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    private String concrete(String pattern) {
        Matcher variables = VARIABLE.matcher(pattern.replace("/**", "/any"));
        StringBuilder path = new StringBuilder();
        while (variables.find()) {
            String name = variables.group(1).replaceAll("[:*].*", "");
            variables.appendReplacement(path, Matcher.quoteReplacement(samples.getOrDefault(name, "x")));
        }
        variables.appendTail(path);
        return path.toString();
    }
}
