package io.consumidor.stack.server;

import io.consumidor.stack.LaunchSpec;
import io.consumidor.stack.StackException;
import io.consumidor.stack.StackSettings;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** S3Proxy with the jclouds filesystem backend: path-style S3 with SigV4 auth and multipart upload. */
public final class S3ProxyServer implements StackServer {

    private final StackSettings settings;
    private S3Client client;

    public S3ProxyServer(StackSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public String implementation() {
        return "S3Proxy (filesystem)";
    }

    @Override
    public List<Integer> ports() {
        return List.of(settings.s3Port());
    }

    private Path propertiesFile() {
        return settings.configDir().resolve("s3proxy.properties");
    }

    @Override
    public void prepare() {
        Path data = settings.dataDir().resolve("s3");
        String properties = """
                s3proxy.endpoint=%s
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                jclouds.provider=filesystem
                jclouds.filesystem.basedir=%s
                """.formatted(settings.s3Endpoint(), StackSettings.AWS_ACCESS_KEY_ID,
                StackSettings.AWS_SECRET_ACCESS_KEY, data);
        try {
            Files.createDirectories(data);
            Files.createDirectories(settings.configDir());
            Files.writeString(propertiesFile(), properties);
            // S3Proxy ships no logback.xml, and logback's default is DEBUG for every request.
            Files.writeString(logbackFile(), """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new StackException("s3: cannot write " + propertiesFile() + ": " + e.getMessage(), e);
        }
    }

    private Path logbackFile() {
        return settings.configDir().resolve("s3proxy-logback.xml");
    }

    @Override
    public LaunchSpec launch() {
        return new LaunchSpec(ServerClasspath.javaCommand(settings, settings.serverHeap(),
                List.of("-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=" + logbackFile()),
                ServerClasspath.of(settings.home(), "s3proxy"), "org.gaul.s3proxy.Main",
                "--properties", propertiesFile().toString()), Map.of(), settings.stateDir());
    }

    @Override
    public boolean ready() {
        try {
            client().listBuckets();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The pipeline's bucket and the tests' own one. */
    @Override
    public void afterReady() {
        for (String bucket : java.util.List.of(StackSettings.S3_BUCKET, StackSettings.TEST_S3_BUCKET)) {
            try {
                client().headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                client().createBucket(b -> b.bucket(bucket));
            }
        }
    }

    private S3Client client() {
        if (client == null) {
            client = LocalAwsClients.probing(S3Client.builder(), settings.s3Endpoint()).forcePathStyle(true).build();
        }
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
