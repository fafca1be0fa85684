package io.consumidor.router;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.subject.Subject;
import io.consumidor.router.elasticsearch.ErasureSweeper;
import io.consumidor.router.elasticsearch.EventIndexWriter;
import io.consumidor.router.routes.RouteDefinitions;
import io.consumidor.router.routes.Sink;
import io.consumidor.router.routes.WriteMode;
import io.consumidor.router.routing.RoutedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;
import static io.consumidor.router.RouterHarness.randomSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Elasticsearch away when the router starts: it starts anyway, MongoDB is written, nothing is dead-lettered. */
class ElasticsearchAbsentIT {

    private final RouterHarness harness = new RouterHarness();
    private ConfigurableApplicationContext router;

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        harness.close();
    }

    @Test
    void routerStartsWithoutElasticsearchAndKeepsItsMessagesForLater() {
        // Port 9 (discard) is closed on loopback: every Elasticsearch call is refused.
        router = harness.startRouter("consumidor.elasticsearch.uris=http://127.0.0.1:9");
        Subject subject = randomSubject();
        EventEnvelope profile = harness.event("consumer.profile", subject, Instant.now(),
                "{\"birthYear\":1990,\"region\":\"BA\",\"sourceVersion\":1,\"assets\":[],\"incomeSources\":[]}");
        EventEnvelope purchase = harness.event("card.purchase", subject, Instant.now(),
                "{\"amount\":10,\"currency\":\"BRL\",\"merchantCategory\":\"5411\"}");
        harness.sendEvents(harness.profileQueue, List.of(profile));
        harness.sendEvents(harness.activityQueue, List.of(purchase));

        await().atMost(Duration.ofSeconds(30)).until(() -> harness.mongo.getCollection("profiles").find(eq("_id", subject.value())).first() != null);
        assertThat(harness.queues.depth(harness.activityQueue)).as("the purchase waits for Elasticsearch").isEqualTo(1);
        assertThat(harness.queues.depth(harness.activityQueue + "-dlq")).isZero();
        assertThat(harness.queues.depth(harness.profileQueue)).isZero();
        // The erasure sweep reports Elasticsearch's absence (its scheduler logs it and tries again next interval).
        assertThatThrownBy(() -> router.getBean(ErasureSweeper.class).sweep()).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void templatesArePutBeforeTheFirstWriteWhenStartUpCouldNot() throws Exception {
        ElasticsearchClient client = harness.elasticsearch;
        // Absent on a fresh stack where no router has run yet; deleting a missing template is an error.
        if (client.indices().existsIndexTemplate(e -> e.name("consumidor-events")).value()) {
            client.indices().deleteIndexTemplate(d -> d.name("consumidor-events"));
        }
        Subject subject = randomSubject();
        // A month no other test writes to, so the index is created by this write, under the template or not.
        String index = "events-1999.01";
        client.indices().delete(d -> d.index(index).ignoreUnavailable(true));

        try (EventIndexWriter writer = new EventIndexWriter(client, new RouterProperties.Bulk(100, 1, Duration.ofMillis(5)))) {
            var failures = writer.write(new RouteDefinitions.Destination(Sink.ELASTICSEARCH, "events-{yyyy.MM}", WriteMode.INDEX, null, null),
                    List.of(new RoutedEvent(0, harness.event("card.purchase", subject, Instant.parse("1999-01-15T10:00:00Z"),
                            "{\"amount\":10,\"currency\":\"BRL\",\"merchantCategory\":\"5411\"}"))));
            assertThat(failures).isEmpty();
        }

        assertThat(client.indices().existsIndexTemplate(e -> e.name("consumidor-events")).value()).isTrue();
        // Explicit mapping from the template (a guessed one would make merchantCategory text, not keyword).
        var mapping = client.indices().getMapping(m -> m.index(index)).get(index).mappings().properties().get("payload")
                .object().properties().get("merchantCategory");
        assertThat(mapping.isKeyword()).isTrue();
        client.indices().delete(d -> d.index(index));
    }
}
