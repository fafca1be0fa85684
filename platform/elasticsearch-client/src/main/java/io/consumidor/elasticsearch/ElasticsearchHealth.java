package io.consumidor.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code elasticsearch} in an app's health: the cluster's health, asked with a one-second server-side limit. Green or
 * yellow (a single node has no replicas to place) is up; red, or no answer, is down. Boot's own indicator is built on
 * the 9.x client this project cannot use (see the module README), so each app that has the actuator gets this one
 * from {@link ElasticsearchClientAutoConfiguration}.
 */
public final class ElasticsearchHealth implements HealthIndicator {

    private final ElasticsearchClient client;

    public ElasticsearchHealth(ElasticsearchClient client) {
        this.client = client;
    }

    @Override
    public Health health() {
        try {
            HealthResponse health = client.cluster().health(h -> h.timeout(t -> t.time("1s")));
            return (health.status() == HealthStatus.Red ? Health.down() : Health.up())
                    .withDetail("status", health.status().jsonValue()).withDetail("nodes", health.numberOfNodes()).build();
        } catch (java.io.IOException | RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
