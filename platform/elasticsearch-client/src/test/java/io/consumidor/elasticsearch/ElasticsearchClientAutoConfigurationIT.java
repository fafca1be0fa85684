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
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
    void missingUrisFailsStartupNamingTheProperty() {
        runner.run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("consumidor.elasticsearch"));
    }
}
