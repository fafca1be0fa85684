package io.consumidor.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.elasticsearch.client.RestClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Provides an 8.19 {@link ElasticsearchClient} to any app that has this module; see {@link ElasticsearchClients}. */
@AutoConfiguration
@EnableConfigurationProperties(ElasticsearchProperties.class)
public class ElasticsearchClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RestClient elasticsearchRestClient(ElasticsearchProperties properties) {
        return ElasticsearchClients.restClient(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    ElasticsearchClient elasticsearchClient(RestClient restClient) {
        return ElasticsearchClients.client(restClient);
    }

    /** The same transport as the blocking client (one connection pool, one mapper), for reads that should not hold a thread. */
    @Bean
    @ConditionalOnMissingBean
    ElasticsearchAsyncClient elasticsearchAsyncClient(ElasticsearchClient client) {
        return new ElasticsearchAsyncClient(client._transport(), client._transportOptions());
    }

    /** Only where the actuator's health is on the class path: the apps that serve or export health. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "elasticsearchHealthIndicator")
        ElasticsearchHealth elasticsearchHealthIndicator(ElasticsearchClient client) {
            return new ElasticsearchHealth(client);
        }
    }
}
