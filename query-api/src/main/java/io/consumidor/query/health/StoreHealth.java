package io.consumidor.query.health;

import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBHealth;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Base B in {@code /actuator/health} as {@code mongodb} ({@link BaseBHealth}: a {@code ping}, as Boot's own indicator's
 * {@code hello} is unknown to the local MongoDB-wire server); Base C is {@code elasticsearch}, from
 * {@code platform/elasticsearch-client}. Neither store is in the readiness group: with one store down the API still
 * answers, section by section, so it must not be taken out of service for it.
 */
@Configuration(proxyBeanMethods = false)
class StoreHealth {

    @Bean
    BaseBHealth mongodbHealthIndicator(MongoDatabase baseB) {
        return new BaseBHealth(baseB);
    }
}
