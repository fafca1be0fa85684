package io.consumidor.baseb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.consumidor.baseb.fixtures.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** Up on the stack's MongoDB-wire server (where Boot's {@code hello} would fail), down where nothing listens. */
class BaseBHealthIT {

    @Test
    void upOnTheStacksServer() {
        try (TestDatabase database = new TestDatabase("health")) {
            Health health = new BaseBHealth(database.get()).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("database", database.get().getName());
        }
    }

    @Test
    void downWhereNothingListens() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + closed + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300")) {
            Health health = new BaseBHealth(client.getDatabase("absent")).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("error", "MongoTimeoutException");
        }
    }
}
