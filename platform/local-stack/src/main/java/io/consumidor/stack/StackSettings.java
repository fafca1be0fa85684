package io.consumidor.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a user may tune about the local stack, read from {@code PIPELINE_*} environment
 * variables with documented defaults (see platform/local-stack/README.md). Validated on creation so a
 * typo fails before any server starts.
 */
public record StackSettings(
        Path home,
        Path stateDir,
        int postgresPort,
        int sqsPort,
        int s3Port,
        int mongoPort,
        int elasticsearchPort,
        int elasticsearchTransportPort,
        int ingestPort,
        int queryPort,
        int routerPort,
        int schedulesPort,
        String elasticsearchHeap,
        String serverHeap,
        String mongoHeap,
        String mongoBackend,
        Duration startTimeout) {

    public static final String HOST = "127.0.0.1";
    public static final String DATABASE = "consumidor";
    /**
     * Where tests and benchmarks write instead (PostgreSQL database, MongoDB database, S3 bucket, and the
     * namespace of queues and indices), so a developer's pipeline never sees their data.
     */
    public static final String TEST_DATABASE = "consumidor_test";
    public static final String TEST_NAMESPACE = "test";
    public static final String TEST_S3_BUCKET = "consumidor-test";
    public static final String POSTGRES_USER = "postgres";
    public static final String POSTGRES_PASSWORD = "postgres";
    public static final String AWS_REGION = "us-east-1";
    public static final String AWS_ACCESS_KEY_ID = "consumidor";
    public static final String AWS_SECRET_ACCESS_KEY = "consumidor-local-secret";
    public static final String S3_BUCKET = "consumidor-local";
    /** Base A's two roles locally; in production their passwords come from the secret store (no default exists). */
    public static final String BASE_A_APP_PASSWORD = "app-local-password";
    public static final String BASE_A_OWNER_PASSWORD = "owner-local-password";

    private static final Pattern HEAP = Pattern.compile("\\d+[mMgG]");
    private static final Set<String> MONGO_BACKENDS = Set.of("memory", "h2");

    public StackSettings {
        Map<String, Integer> ports = new HashMap<>();
        ports.put("PIPELINE_POSTGRES_PORT", postgresPort);
        ports.put("PIPELINE_SQS_PORT", sqsPort);
        ports.put("PIPELINE_S3_PORT", s3Port);
        ports.put("PIPELINE_MONGO_PORT", mongoPort);
        ports.put("PIPELINE_ES_PORT", elasticsearchPort);
        ports.put("PIPELINE_ES_TRANSPORT_PORT", elasticsearchTransportPort);
        ports.put("PIPELINE_INGEST_PORT", ingestPort);
        ports.put("PIPELINE_QUERY_PORT", queryPort);
        ports.put("PIPELINE_ROUTER_PORT", routerPort);
        ports.put("PIPELINE_SCHEDULES_PORT", schedulesPort);
        ports.forEach((key, port) -> {
            if (port < 1024 || port > 65535) {
                throw new StackException(key + "=" + port + " is not a usable port (1024-65535)");
            }
        });
        if (Set.copyOf(ports.values()).size() != ports.size()) {
            throw new StackException("two servers were given the same port: " + ports);
        }
        for (var heap : List.of(Map.entry("PIPELINE_ES_HEAP", elasticsearchHeap),
                Map.entry("PIPELINE_SERVER_HEAP", serverHeap), Map.entry("PIPELINE_MONGO_HEAP", mongoHeap))) {
            if (!HEAP.matcher(heap.getValue()).matches()) {
                throw new StackException(heap.getKey() + "=" + heap.getValue() + " is not a heap size such as 512m or 1g");
            }
        }
        if (!MONGO_BACKENDS.contains(mongoBackend)) {
            throw new StackException("PIPELINE_MONGO_BACKEND=" + mongoBackend + " must be one of " + MONGO_BACKENDS);
        }
    }

    /** Defaults overridden by {@code PIPELINE_*} variables in {@code env}. */
    public static StackSettings from(Path home, Map<String, String> env) {
        Path stateDir = Path.of(env.getOrDefault("PIPELINE_STATE_DIR", home.resolve(".pipeline").toString()));
        return new StackSettings(
                home.toAbsolutePath().normalize(),
                stateDir.toAbsolutePath().normalize(),
                port(env, "PIPELINE_POSTGRES_PORT", 15432),
                port(env, "PIPELINE_SQS_PORT", 19324),
                port(env, "PIPELINE_S3_PORT", 19000),
                port(env, "PIPELINE_MONGO_PORT", 27027),
                port(env, "PIPELINE_ES_PORT", 19200),
                port(env, "PIPELINE_ES_TRANSPORT_PORT", 19300),
                port(env, "PIPELINE_INGEST_PORT", 8081),
                port(env, "PIPELINE_QUERY_PORT", 8082),
                // The router and the scheduler serve HTTP only for operators: their one port is their management port.
                port(env, "PIPELINE_ROUTER_PORT", 9083),
                port(env, "PIPELINE_SCHEDULES_PORT", 9084),
                env.getOrDefault("PIPELINE_ES_HEAP", "512m"),
                env.getOrDefault("PIPELINE_SERVER_HEAP", "512m"),
                env.getOrDefault("PIPELINE_MONGO_HEAP", "3g"),
                env.getOrDefault("PIPELINE_MONGO_BACKEND", "memory"),
                Duration.ofSeconds(port(env, "PIPELINE_START_TIMEOUT_SECONDS", 180)));
    }

    public static StackSettings fromEnvironment(Path home) {
        return from(home, System.getenv());
    }

    private static int port(Map<String, String> env, String key, int fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StackException(key + "=" + value + " is not a number");
        }
    }

    /** The PIPELINE_* variable that sets {@code port}, for error messages. */
    public String portVariable(int port) {
        if (port == postgresPort) return "PIPELINE_POSTGRES_PORT";
        if (port == sqsPort) return "PIPELINE_SQS_PORT";
        if (port == s3Port) return "PIPELINE_S3_PORT";
        if (port == mongoPort) return "PIPELINE_MONGO_PORT";
        if (port == elasticsearchPort) return "PIPELINE_ES_PORT";
        if (port == ingestPort) return "PIPELINE_INGEST_PORT";
        if (port == queryPort) return "PIPELINE_QUERY_PORT";
        if (port == routerPort) return "PIPELINE_ROUTER_PORT";
        if (port == schedulesPort) return "PIPELINE_SCHEDULES_PORT";
        if (port == ingestPort + 1000) return "PIPELINE_INGEST_PORT (its management port is 1000 above it)";
        if (port == queryPort + 1000) return "PIPELINE_QUERY_PORT (its management port is 1000 above it)";
        return "PIPELINE_ES_TRANSPORT_PORT";
    }

    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    public Path runDir() {
        return stateDir.resolve("run");
    }

    public Path dataDir() {
        return stateDir.resolve("data");
    }

    public Path distDir() {
        return stateDir.resolve("dist");
    }

    public Path configDir() {
        return stateDir.resolve("config");
    }

    public Path envFile() {
        return stateDir.resolve("stack.env");
    }

    public String postgresJdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + postgresPort + "/" + database;
    }

    public String sqsEndpoint() {
        return "http://" + HOST + ":" + sqsPort;
    }

    public String s3Endpoint() {
        return "http://" + HOST + ":" + s3Port;
    }

    public String mongoUri() {
        return mongoUri(DATABASE);
    }

    public String mongoUri(String database) {
        return "mongodb://" + HOST + ":" + mongoPort + "/" + database;
    }

    public String elasticsearchUrl() {
        return "http://" + HOST + ":" + elasticsearchPort;
    }
}
