package io.consumidor.baseb;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Base B's database in an app's health: a {@code ping}. Used instead of Boot's MongoDB indicator (turn that one off with
 * {@code management.health.mongodb.enabled: false}), which sends {@code hello}: the local MongoDB-wire server does not
 * know it and would report a working store as down; {@code ping} works on it and on MongoDB alike. Declare it as a bean
 * named {@code mongodbHealthIndicator} to keep the contributor's usual name, {@code mongodb}.
 */
public final class BaseBHealth implements HealthIndicator {

    private final MongoDatabase database;

    public BaseBHealth(MongoDatabase database) {
        this.database = database;
    }

    @Override
    public Health health() {
        try {
            database.runCommand(new Document("ping", 1));
            return Health.up().withDetail("database", database.getName()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
