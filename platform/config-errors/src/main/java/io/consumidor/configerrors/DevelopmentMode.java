package io.consumidor.configerrors;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one switch under which an app may make up what production must be given — development keys generated under
 * the state directory, the local stack's passwords — and its guard. Off unless {@code consumidor.dev-mode} (the
 * environment's {@code CONSUMIDOR_DEV_MODE}) is true: {@code ./pipeline up}, the demo and the tests set it, no
 * Dockerfile or compose file does. Without it a missing key or password stops the start with the setting's name.
 * With it, every store the app would talk to must be on loopback: development keys never meet real data, so a
 * switch left on in a deployment fails at once instead of quietly protecting production data with local keys.
 */
public final class DevelopmentMode implements EnvironmentPostProcessor {

    public static final String PROPERTY = "consumidor.dev-mode";
    /** The same switch as an environment variable, as the apps' YAML reads it ({@code ${CONSUMIDOR_DEV_MODE:false}}). */
    public static final String VARIABLE = "CONSUMIDOR_DEV_MODE";

    /** Every setting that points an app at a store or a queue (the apps' own and the environment variables behind them). */
    static final List<String> ENDPOINTS = List.of("spring.datasource.url", "spring.mongodb.uri", "spring.data.mongodb.uri",
            "consumidor.elasticsearch.uris", "spring.cloud.aws.sqs.endpoint", "spring.cloud.aws.s3.endpoint",
            "consumidor.ingest.queue.s3.endpoint", "consumidor.jobs.datasource.url", "consumidor.export.s3.endpoint",
            "POSTGRES_URL", "MONGODB_URI", "ELASTICSEARCH_URL", "SQS_ENDPOINT", "S3_ENDPOINT");

    public static boolean on(Environment environment) {
        return environment.getProperty(PROPERTY, Boolean.class, environment.getProperty(VARIABLE, Boolean.class, false));
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!on(environment)) {
            return;
        }
        List<String> remote = new ArrayList<>();
        for (String setting : ENDPOINTS) {
            String value = resolved(environment, setting);
            for (String host : hosts(value)) {
                if (!loopback(host)) {
                    remote.add(setting + " (" + host + ")");
                }
            }
        }
        if (!remote.isEmpty()) {
            throw new UnsafeConfigurationException(PROPERTY + " is on, but these stores are not on loopback: " + String.join(", ", remote)
                    + ". Development mode makes up keys and passwords; it serves the local stack only.",
                    "Turn " + PROPERTY + " (CONSUMIDOR_DEV_MODE) off and give the app its keys and passwords, or point it at the local stack.");
        }
    }

    private static String resolved(ConfigurableEnvironment environment, String setting) {
        try {
            return environment.getProperty(setting);
        } catch (IllegalArgumentException unresolvable) {
            return null; // a placeholder with no value: nothing is pointed at yet
        }
    }

    /** The hosts a URL names (by hand: JDBC and multi-host MongoDB URLs are no {@link java.net.URI}s): {@code jdbc:postgresql://h:p/db}, {@code mongodb://a:1,b:2/db}, {@code http://h:p}, a comma-separated list. */
    static List<String> hosts(String value) {
        List<String> hosts = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return hosts;
        }
        for (String url : value.split(",(?=\\s*[a-z][a-z0-9+.-]*://)")) {
            String rest = url.strip().replaceFirst("^jdbc:", "");
            int scheme = rest.indexOf("://");
            if (scheme < 0) {
                continue;
            }
            String authority = rest.substring(scheme + 3).split("[/?]", 2)[0];
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            for (String hostPort : authority.split(",")) {
                hosts.add(host(hostPort));
            }
        }
        return hosts;
    }

    private static String host(String hostPort) {
        if (hostPort.startsWith("[")) {
            return hostPort.substring(1, hostPort.indexOf(']'));
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
