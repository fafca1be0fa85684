package io.consumidor.router.ops;

import io.consumidor.baseb.BaseBHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Health of what the router depends on: MongoDB ({@link BaseBHealth}, a {@code ping}: Boot's own indicator sends
 * {@code hello}, unknown to the local MongoDB-wire server, and is off), Elasticsearch (from
 * {@code platform/elasticsearch-client}) and SQS (the backlog refresh reached every queue).
 */
@Configuration(proxyBeanMethods = false)
class StoreHealth {

    @Bean
    BaseBHealth mongodbHealthIndicator(MongoTemplate mongo) {
        return new BaseBHealth(mongo.getDb());
    }

    @Bean
    HealthIndicator sqsHealthIndicator(QueueBacklog backlog) {
        return () -> backlog.lastError() == null ? Health.up().build() : Health.down().withDetail("error", backlog.lastError()).build();
    }
}
