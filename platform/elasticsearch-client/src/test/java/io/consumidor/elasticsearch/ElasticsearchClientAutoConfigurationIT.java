package io.consumidor.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.consumidor.testsupport.TestStack;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class ElasticsearchClientAutoConfigurationIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ElasticsearchClientAutoConfiguration.class));

    @Test
    void clientTalksToTheConfiguredElasticsearch819() {
        runner.withPropertyValues("consumidor.elasticsearch.uris=" + TestStack.env().elasticsearchUrl())
                .run(context -> {
                    ElasticsearchClient client = context.getBean(ElasticsearchClient.class);
                    assertThat(client.cluster().health().status()).isIn(HealthStatus.Green, HealthStatus.Yellow);
                    // GET / (info) answers 405 on the reduced local distribution; _cat/nodes tells the version.
                    Response nodes = context.getBean(RestClient.class).performRequest(new Request("GET", "/_cat/nodes?h=version"));
                    assertThat(EntityUtils.toString(nodes.getEntity()).trim()).startsWith("8.19.");
                });
    }

    @Test
    void theHealthIndicatorIsUpForTheStackAndDownWhereNothingListens() throws Exception {
        runner.withPropertyValues("consumidor.elasticsearch.uris=" + TestStack.env().elasticsearchUrl())
                .run(context -> {
                    Health health = context.getBean("elasticsearchHealthIndicator", ElasticsearchHealth.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsKey("status").containsEntry("nodes", 1);
                });
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        runner.withPropertyValues("consumidor.elasticsearch.uris=http://127.0.0.1:" + closed, "consumidor.elasticsearch.connect-timeout=500ms")
                .run(context -> {
                    Health health = context.getBean(ElasticsearchHealth.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsKey("error");
                });
    }

    @Test
    void missingUrisFailsStartupNamingTheProperty() {
        runner.run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("consumidor.elasticsearch"));
    }
}
