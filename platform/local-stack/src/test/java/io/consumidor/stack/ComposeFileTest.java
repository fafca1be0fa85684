package io.consumidor.stack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so docker-compose.yml is checked by reading it: its host ports,
 * database, bucket and credentials must be the ones the embedded stack and the apps use.
 */
class ComposeFileTest {

    private static final StackSettings DEFAULTS = StackSettings.from(Path.of("/tmp/unused"), Map.of());
    private static Map<String, Object> services;
    private static Path home;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws Exception {
        home = ProjectHome.locate();
        try (Reader reader = Files.newBufferedReader(home.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Object>) compose.get("services");
        }
    }

    @Test
    void postgresMatchesTheEmbeddedDatabaseAndCredentials() {
        assertThat(image("postgres")).isEqualTo("postgres:17");
        assertThat(ports("postgres")).containsExactly("127.0.0.1:" + DEFAULTS.postgresPort() + ":5432");
        assertThat(environment("postgres")).containsEntry("POSTGRES_DB", StackSettings.DATABASE)
                .containsEntry("POSTGRES_USER", StackSettings.POSTGRES_USER)
                .containsEntry("POSTGRES_PASSWORD", StackSettings.POSTGRES_PASSWORD);
        assertThat(service("postgres")).containsKey("healthcheck");
    }

    @Test
    void sqsIsElasticMqOnTheEmbeddedPortWithMatchingQueueUrls() throws Exception {
        assertThat(image("sqs")).startsWith("softwaremill/elasticmq-native:");
        assertThat(ports("sqs")).containsExactly("127.0.0.1:" + DEFAULTS.sqsPort() + ":9324");
        String config = Files.readString(home.resolve("platform/local-stack/compose/elasticmq.conf"));
        assertThat(config).contains("port = " + DEFAULTS.sqsPort(), "region = \"" + StackSettings.AWS_REGION + "\"");
    }

    @Test
    void s3UsesTheEmbeddedCredentialsAndBucket() {
        assertThat(ports("s3")).containsExactly("127.0.0.1:" + DEFAULTS.s3Port() + ":80");
        assertThat(environment("s3")).containsEntry("S3PROXY_IDENTITY", StackSettings.AWS_ACCESS_KEY_ID)
                .containsEntry("S3PROXY_CREDENTIAL", StackSettings.AWS_SECRET_ACCESS_KEY);
        assertThat(String.valueOf(service("s3-bucket").get("entrypoint"))).contains("s3://" + StackSettings.S3_BUCKET);
    }

    @Test
    void mongodbIsRealMongoEightOnTheEmbeddedPort() {
        assertThat(image("mongodb")).isEqualTo("mongo:8");
        assertThat(ports("mongodb")).containsExactly("127.0.0.1:" + DEFAULTS.mongoPort() + ":27017");
    }

    @Test
    void elasticsearchIsSingleNode819WithSecurityOffOnTheEmbeddedPort() {
        java.util.Properties build = new java.util.Properties();
        try (var in = ComposeFileTest.class.getResourceAsStream("/stack-build.properties")) {
            build.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(image("elasticsearch"))
                .isEqualTo("docker.elastic.co/elasticsearch/elasticsearch:" + build.getProperty("elasticsearch.version"));
        assertThat(ports("elasticsearch")).containsExactly("127.0.0.1:" + DEFAULTS.elasticsearchPort() + ":9200");
        assertThat(environment("elasticsearch")).containsEntry("discovery.type", "single-node")
                .containsEntry("xpack.security.enabled", "false");
    }

    @Test
    void everyServerHasAHealthCheckAndEveryVolumeIsNamed() {
        for (String name : List.of("postgres", "sqs", "s3", "mongodb", "elasticsearch")) {
            assertThat(service(name)).as(name).containsKey("healthcheck");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        assertThat(services).as("services in docker-compose.yml").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    private static String image(String name) {
        return String.valueOf(service(name).get("image"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> ports(String name) {
        return (List<String>) service(name).get("ports");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String name) {
        return (Map<String, String>) service(name).get("environment");
    }
}
