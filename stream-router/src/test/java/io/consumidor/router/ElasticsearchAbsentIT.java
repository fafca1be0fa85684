package io.consumidor.router;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.subject.Subject;
import io.consumidor.router.elasticsearch.EventIndexWriter;
import io.consumidor.router.erasure.ErasureSweeper;
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
        EventEnvelope profile = harness.baseA(EventType.CONSUMER_PROFILE, subject, Instant.now(), 1, RouterFixtures.profile("BA", 0));
        EventEnvelope purchase = harness.event(EventType.CARD_PURCHASE, subject, Instant.now(), RouterFixtures.purchase("10"));
        harness.sendEvents(harness.profileQueue, List.of(profile));
        harness.sendEvents(harness.activityQueue, List.of(purchase));

        await().atMost(Duration.ofSeconds(30)).until(() -> harness.mongo.getCollection("profiles").find(eq("_id", subject.value())).first() != null);
        assertThat(harness.queues.depth(harness.activityQueue)).as("the purchase waits for Elasticsearch").isEqualTo(1);
        assertThat(harness.queues.depth(harness.activityQueue + "-dlq")).isZero();
        // The profile's message is deleted once its batch is settled, a moment after the document is written.
        await().atMost(Duration.ofSeconds(15)).until(() -> harness.queues.depth(harness.profileQueue) == 0);
        // The erasure sweep reports Elasticsearch's absence (its scheduler logs it and tries again next interval).
        assertThatThrownBy(() -> router.getBean(ErasureSweeper.class).sweep()).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void templatesArePutBeforeTheFirstWriteWhenStartUpCouldNot() throws Exception {
        ElasticsearchClient client = harness.elasticsearch;
        // The harness's own namespace: no router has put its templates yet.
        String template = IndexTemplates.templateName(harness.indices, "events");
        assertThat(client.indices().existsIndexTemplate(e -> e.name(template)).value()).isFalse();
        Subject subject = randomSubject();
        Instant at = Instant.parse("1999-01-15T10:00:00Z");
        String index = harness.indices.eventsFor(at);

        try (EventIndexWriter writer = new EventIndexWriter(client, harness.indices, new RouterProperties.Bulk(100, 1, Duration.ofMillis(5)),
                java.time.Clock.systemUTC())) {
            var failures = writer.write(new RouteDefinitions.Destination(Sink.ELASTICSEARCH, "events", WriteMode.INDEX, null),
                    List.of(new RoutedEvent(0, harness.event(EventType.CARD_PURCHASE, subject, at, RouterFixtures.purchase("10")))));
            assertThat(failures).isEmpty();
        }

        assertThat(client.indices().existsIndexTemplate(e -> e.name(template)).value()).isTrue();
        // Explicit mapping from the template (a guessed one would make merchantCategory text, not keyword).
        var mapping = client.indices().getMapping(m -> m.index(index)).get(index).mappings().properties().get("payload")
                .object().properties().get("merchantCategory");
        assertThat(mapping.isKeyword()).isTrue();
    }
}
