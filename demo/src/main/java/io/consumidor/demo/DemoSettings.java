package io.consumidor.demo;

import io.consumidor.stack.StackSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

/**
 * Where the demo's stores and ingest-app are, from the same variables {@code .pipeline/stack.env} sets for the
 * apps (so the demo talks to what {@code ./pipeline up} serves), plus the namespace and prefix a test sets to
 * keep to its own queues, indices and S3 keys ({@code CONSUMIDOR_NAMESPACE}, {@code CONSUMIDOR_EXPORT_S3_PREFIX},
 * {@code FEATURE_LOGS_PREFIX}, {@code DEMO_STATE_DIR} for the plan file; {@code QUERY_URL} for another query API).
 */
record DemoSettings(StackSettings stack, URI ingest, URI query, String postgresUrl, String postgresUser, String postgresPassword, String mongoUri,
                    URI elasticsearch, String namespace, String s3Endpoint, String s3Bucket, String s3Prefix, String awsRegion,
                    String awsAccessKeyId, String awsSecretAccessKey, ZoneId zone, Path stateDir, String featureLogsPrefix) {

    static DemoSettings from(Path home, Map<String, String> env) {
        StackSettings stack = StackSettings.from(home, env);
        return new DemoSettings(stack,
                URI.create(env.getOrDefault("INGEST_URL", "http://" + StackSettings.HOST + ":" + stack.ingestPort())),
                URI.create(env.getOrDefault("QUERY_URL", "http://" + StackSettings.HOST + ":" + stack.queryPort())),
                required(env, "POSTGRES_URL"), env.getOrDefault("POSTGRES_USER", StackSettings.POSTGRES_USER),
                env.getOrDefault("POSTGRES_PASSWORD", StackSettings.POSTGRES_PASSWORD), required(env, "MONGODB_URI"),
                URI.create(required(env, "ELASTICSEARCH_URL")), env.getOrDefault("CONSUMIDOR_NAMESPACE", ""),
                required(env, "S3_ENDPOINT"), env.getOrDefault("S3_BUCKET", StackSettings.S3_BUCKET),
                env.getOrDefault("CONSUMIDOR_EXPORT_S3_PREFIX", "datasets"), env.getOrDefault("AWS_REGION", StackSettings.AWS_REGION),
                env.getOrDefault("AWS_ACCESS_KEY_ID", StackSettings.AWS_ACCESS_KEY_ID),
                env.getOrDefault("AWS_SECRET_ACCESS_KEY", StackSettings.AWS_SECRET_ACCESS_KEY),
                ZoneId.of(env.getOrDefault("DEMO_ZONE", "America/Sao_Paulo")),
                Path.of(env.getOrDefault("DEMO_STATE_DIR", stack.stateDir().resolve("demo").toString())),
                env.getOrDefault("FEATURE_LOGS_PREFIX", io.consumidor.features.logs.FeatureLogs.PREFIX));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the demo through ./pipeline demo, which loads .pipeline/stack.env");
        }
        return value;
    }
}
