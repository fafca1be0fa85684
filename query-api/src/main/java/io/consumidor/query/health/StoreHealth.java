package io.consumidor.query.health;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two stores the summary reads, in {@code /actuator/health} as {@code baseB} and {@code baseC} (Boot names a
 * contributor after its bean, less {@code HealthIndicator}). Boot's own MongoDB
 * indicator is off ({@code management.health.mongodb.enabled: false}): it sends {@code hello}, which the local MongoDB-wire
 * server does not know, while {@code ping} works on it and on MongoDB alike. Neither store is in the readiness group:
 * with one store down the API still answers, section by section, so it must not be taken out of service for it.
 */
@Configuration(proxyBeanMethods = false)
class StoreHealth {

    @Bean
    HealthIndicator baseBHealthIndicator(MongoDatabase baseB) {
        return () -> {
            try {
                baseB.runCommand(new Document("ping", 1));
                return Health.up().withDetail("database", baseB.getName()).build();
            } catch (RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }

    /** Green or yellow (a single node has no replicas to place) is up; red, or no answer, is down. */
    @Bean
    HealthIndicator baseCHealthIndicator(ElasticsearchClient elasticsearch) {
        return () -> {
            try {
                HealthStatus status = elasticsearch.cluster().health(h -> h.timeout(t -> t.time("1s"))).status();
                return (status == HealthStatus.Red ? Health.down() : Health.up()).withDetail("cluster", status.jsonValue()).build();
            } catch (java.io.IOException | RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }
}
