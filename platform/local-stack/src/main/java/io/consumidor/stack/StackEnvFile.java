package io.consumidor.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KEY=VALUE file that tells apps, tests and people where the stack's servers are. Its keys are the
 * environment variables the apps read, and the standard ones of psql and the AWS CLI/SDKs, so
 * {@code set -a; . .pipeline/stack.env; set +a} is all a shell needs.
 */
public final class StackEnvFile {

    private StackEnvFile() {
    }

    public static Map<String, String> entries(StackSettings s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_URL", s.postgresJdbcUrl(StackSettings.DATABASE));
        env.put("POSTGRES_USER", StackSettings.POSTGRES_USER);
        env.put("POSTGRES_PASSWORD", StackSettings.POSTGRES_PASSWORD);
        env.put("PGHOST", StackSettings.HOST);
        env.put("PGPORT", Integer.toString(s.postgresPort()));
        env.put("PGDATABASE", StackSettings.DATABASE);
        env.put("PGUSER", StackSettings.POSTGRES_USER);
        env.put("PGPASSWORD", StackSettings.POSTGRES_PASSWORD);
        env.put("SQS_ENDPOINT", s.sqsEndpoint());
        env.put("S3_ENDPOINT", s.s3Endpoint());
        env.put("S3_BUCKET", StackSettings.S3_BUCKET);
        env.put("AWS_REGION", StackSettings.AWS_REGION);
        env.put("AWS_DEFAULT_REGION", StackSettings.AWS_REGION);
        env.put("AWS_ACCESS_KEY_ID", StackSettings.AWS_ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", StackSettings.AWS_SECRET_ACCESS_KEY);
        env.put("AWS_ENDPOINT_URL_SQS", s.sqsEndpoint());
        env.put("AWS_ENDPOINT_URL_S3", s.s3Endpoint());
        env.put("MONGODB_URI", s.mongoUri());
        env.put("ELASTICSEARCH_URL", s.elasticsearchUrl());
        env.put("PIPELINE_STATE_DIR", s.stateDir().toString());
        env.put("JWT_ISSUER", LocalIssuer.ISSUER);
        env.put("JWT_AUDIENCE", LocalIssuer.AUDIENCE);
        env.put("JWT_PUBLIC_KEY_LOCATION", "file:" + new LocalIssuer(s).publicKeyFile());
        env.put("BASE_A_APP_PASSWORD", StackSettings.BASE_A_APP_PASSWORD);
        env.put("BASE_A_OWNER_PASSWORD", StackSettings.BASE_A_OWNER_PASSWORD);
        // The one development switch: missing keys are generated under the state directory; every store is loopback.
        env.put("CONSUMIDOR_DEV_MODE", "true");
        return env;
    }

    /**
     * The same keys as {@link #entries} for tests and benchmarks: their own PostgreSQL and MongoDB databases,
     * S3 bucket, and the {@code test} namespace for queues and indices ({@code CONSUMIDOR_NAMESPACE}), so
     * nothing they write reaches what {@code ./pipeline up} serves.
     */
    public static Map<String, String> testEntries(StackSettings s) {
        Map<String, String> env = entries(s);
        env.put("POSTGRES_URL", s.postgresJdbcUrl(StackSettings.TEST_DATABASE));
        env.put("PGDATABASE", StackSettings.TEST_DATABASE);
        env.put("MONGODB_URI", s.mongoUri(StackSettings.TEST_DATABASE));
        env.put("S3_BUCKET", StackSettings.TEST_S3_BUCKET);
        env.put("CONSUMIDOR_NAMESPACE", StackSettings.TEST_NAMESPACE);
        // Tests never bind the operators' fixed ports (a running ./pipeline up holds them): any free port.
        env.put("INGEST_MANAGEMENT_PORT", "0");
        env.put("QUERY_MANAGEMENT_PORT", "0");
        env.put("ROUTER_MANAGEMENT_PORT", "0");
        env.put("SCHEDULES_MANAGEMENT_PORT", "0");
        return env;
    }

    public static void write(StackSettings settings) {
        Path file = settings.envFile();
        StringBuilder text = new StringBuilder("# Written by `./pipeline stack up`. Load into a shell with:\n"
                + "#   set -a; . " + file + "; set +a\n");
        entries(settings).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling("stack.env.tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static Map<String, String> read(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                    env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            return env;
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static void delete(StackSettings settings) {
        try {
            Files.deleteIfExists(settings.envFile());
        } catch (IOException ignored) {
            // Nothing to clean up.
        }
    }
}
