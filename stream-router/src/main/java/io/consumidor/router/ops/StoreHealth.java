package io.consumidor.router.ops;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what the router depends on. MongoDB's indicator comes with Spring Boot; these add Elasticsearch
 * (cluster health) and SQS (the backlog refresh reached every queue).
 */
@Configuration(proxyBeanMethods = false)
class StoreHealth {

    @Bean
    HealthIndicator elasticsearchHealthIndicator(ElasticsearchClient client) {
        return () -> {
            try {
                var health = client.cluster().health();
                return Health.status(health.status().jsonValue().equals("red") ? "DOWN" : "UP")
                        .withDetail("status", health.status().jsonValue()).withDetail("nodes", health.numberOfNodes()).build();
            } catch (Exception e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Bean
    HealthIndicator sqsHealthIndicator(QueueBacklog backlog) {
        return () -> backlog.lastError() == null ? Health.up().build() : Health.down().withDetail("error", backlog.lastError()).build();
    }
}
