package io.consumidor.query;

import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.BeforeAll;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.event.EventType;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.core.subject.SubjectPseudonymizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subject's events against the real Elasticsearch: newest first across daily indices, ties broken by event
 * id, a cursor that neither skips nor repeats while newer events arrive, the type and time filters, bounded
 * pages, and a 400 naming the parameter for every bad one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.uri=${MONGODB_URI}_query_events_it", "spring.data.mongodb.uri=${MONGODB_URI}_query_events_it",
        "consumidor.namespace=" + EventsIT.NAMESPACE})
class EventsIT {

    static final String NAMESPACE = "qeventsit";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    @Autowired ElasticsearchClient elasticsearch;
    @Autowired BaseCIndices indices;
    @Autowired SubjectPseudonymizer pseudonymizer;

    private static final String ACTIVITY = Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE));
    private final TestQueues queues = new TestQueues(TestStack.env());

    @BeforeAll
    static void activityQueue() {
        Fixture.createQueue(ACTIVITY);
    }

    @AfterAll
    static void clean(@Autowired ElasticsearchClient elasticsearch, @Autowired BaseCIndices indices) throws Exception {
        IndexTemplates.dropNamespace(elasticsearch, indices);
        Fixture.deleteQueue(ACTIVITY);
    }

    private String subject() {
        return pseudonymizer.subjectOf(TestCpfs.random()).value();
    }

    /** 25 events over 50 days, three of them at the very same instant (the tie-breaker's case). */
    private List<Map<String, Object>> history(String subject) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int day = 0; day < 22; day++) {
            EventType type = day % 2 == 0 ? EventType.CARD_PURCHASE : EventType.BUREAU_QUERY;
            events.add(Fixture.event(subject, type, 1 + day * 2, type == EventType.CARD_PURCHASE
                    ? Map.of("amount", 10.0 + day, "currency", "BRL", "merchantCategory", "5411", "merchantName", "M", "channel", "ONLINE")
                    : Map.of("bureau", "serasa", "purpose", "credit-analysis")));
        }
        Instant tie = Fixture.NOW.minus(Duration.ofDays(7)).plusSeconds(11);
        for (int i = 0; i < 3; i++) {
            events.add(Fixture.eventAt(subject, EventType.BUREAU_QUERY, tie, Map.of("bureau", "quod", "purpose", "collections")));
        }
        return events;
    }

    private JsonNode page(String subject, String query) throws Exception {
        HttpResponse<String> response = Fixture.get(port, Fixture.token("base-c:read"), "/v1/subjects/" + subject + "/events"
                + withPurpose(query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void pagesNewestFirstWithAStableCursorWhileNewEventsArrive() throws Exception {
        String subject = subject();
        List<Map<String, Object>> history = history(subject);
        Fixture.index(elasticsearch, indices, history);
        Fixture.index(elasticsearch, indices, history(subject()).subList(0, 5)); // another subject's events stay out

        List<String> seen = new ArrayList<>();
        List<Instant> order = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = page(subject, "?size=4" + (next == null ? "" : "&next=" + next));
            assertThat(page.get("events").size()).isLessThanOrEqualTo(4);
            for (JsonNode event : page.get("events")) {
                assertThat(event.get(EventFields.SUBJECT).asString()).isEqualTo(subject);
                seen.add(event.get(EventFields.EVENT_ID).asString());
                order.add(Instant.parse(event.get(EventFields.OCCURRED_AT).asString()));
            }
            if (pages == 1) {
                // Newer events arrive while the caller pages: they sort before page one, not into the pages to come.
                Fixture.index(elasticsearch, indices, List.of(
                        Fixture.event(subject, EventType.CARD_PURCHASE, 0, Map.of("amount", 1.0, "currency", "BRL", "merchantCategory", "5411",
                                "merchantName", "M", "channel", "ONLINE")),
                        Fixture.eventAt(subject, EventType.BUREAU_QUERY, Fixture.NOW.plusSeconds(1), Map.of("bureau", "serasa", "purpose", "x"))));
            }
            next = page.has("next") ? page.get("next").asString() : null;
            pages++;
        } while (next != null);

        assertThat(pages).isEqualTo(7); // 25 events in pages of 4
        assertThat(seen).as("every event once, none of those that arrived meanwhile").hasSize(25).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(history.stream().map(e -> (String) e.get(EventFields.EVENT_ID)).toList());
        assertThat(order).isSortedAccordingTo(Comparator.reverseOrder());

        JsonNode first = page(subject, "?size=4");
        assertThat(Instant.parse(first.at("/events/0/occurredAt").asString())).as("a new first page shows them").isAfter(Fixture.NOW);
    }

    @Test
    void filtersByTypeAndTimeRange() throws Exception {
        String subject = subject();
        Fixture.index(elasticsearch, indices, history(subject));
        JsonNode purchases = page(subject, "?type=card.purchase&size=100");
        assertThat(purchases.get("events").size()).isEqualTo(11);
        purchases.get("events").forEach(e -> assertThat(e.get(EventFields.TYPE).asString()).isEqualTo("card.purchase"));
        assertThat(purchases.has("next")).as("one page holds them all").isFalse();

        Instant from = Fixture.NOW.minus(Duration.ofDays(10));
        Instant to = Fixture.NOW.minus(Duration.ofDays(3));
        JsonNode range = page(subject, "?from=" + from + "&to=" + to + "&size=100");
        Set<Instant> times = new HashSet<>();
        range.get("events").forEach(e -> times.add(Instant.parse(e.get(EventFields.OCCURRED_AT).asString())));
        assertThat(times).allMatch(t -> !t.isBefore(from) && t.isBefore(to));
        // days 5, 7 and 9 and the three ties of day 7; day 3 is exactly `to`, which is exclusive
        assertThat(range.get("events").size()).isEqualTo(6);
    }

    @Test
    void everyBadParameterIsA400NamingIt() throws Exception {
        String subject = subject();
        Fixture.index(elasticsearch, indices, history(subject));
        String token = Fixture.token("base-c:read");
        Map<String, String> bad = Map.of(
                "subject", "/v1/subjects/not-a-subject/events",
                "type", "/v1/subjects/" + subject + "/events?type=cpf.lookup",
                "from", "/v1/subjects/" + subject + "/events?from=yesterday",
                "to", "/v1/subjects/" + subject + "/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                "size", "/v1/subjects/" + subject + "/events?size=100000",
                "next", "/v1/subjects/" + subject + "/events?next=" + URLEncoder.encode("garbage!", StandardCharsets.UTF_8));
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            HttpResponse<String> response = Fixture.get(port, token, entry.getValue());
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.body()).as(entry.getKey()).contains("\"field\":\"" + entry.getKey() + "\"");
        }
        String next = page(subject, "?size=2&type=card.purchase").get("next").asString();
        HttpResponse<String> otherQuery = Fixture.get(port, token, "/v1/subjects/" + subject + "/events?size=2&purpose=x&next=" + next);
        assertThat(otherQuery.statusCode()).as("a cursor pages only the query it came from").isEqualTo(400);
        assertThat(otherQuery.body()).contains("\"field\":\"next\"");
    }

    @Test
    void theEventsNeedBaseCReadAndAToken() {
        String path = "/v1/subjects/" + subject() + "/events";
        assertThat(Fixture.get(port, null, path).statusCode()).isEqualTo(401);
        assertThat(Fixture.get(port, Fixture.token("rating:read"), path).statusCode()).isEqualTo(403);
        assertThat(Fixture.get(port, Fixture.token("base-c:read"), path + "?purpose=credit-analysis").statusCode()).isEqualTo(200);
    }

    private static String withPurpose(String query) {
        return query + (query.isEmpty() ? "?" : "&") + "purpose=credit-analysis";
    }

    @Test
    void aPurposeIsRequiredAndEveryAnsweredPageIsRecordedAsABureauQuery() throws Exception {
        String subject = subject();
        Fixture.index(elasticsearch, indices, history(subject).subList(0, 3));
        String path = "/v1/subjects/" + subject + "/events";
        queues.drain(ACTIVITY);

        HttpResponse<String> none = Fixture.get(port, Fixture.token("base-c:read"), path);
        HttpResponse<String> odd = Fixture.get(port, Fixture.token("base-c:read"), path + "?purpose=Just%20Looking");
        page(subject, "?size=2");

        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("\"field\":\"purpose\"");
        assertThat(odd.statusCode()).isEqualTo(400);
        List<software.amazon.awssdk.services.sqs.model.Message> recorded = queues.drain(ACTIVITY);
        assertThat(recorded).as("the answered page only").hasSize(1);
        JsonNode event = JSON.readTree(recorded.get(0).body());
        assertThat(event.get("type").asString()).isEqualTo("bureau.query");
        assertThat(event.get("subject").asString()).isEqualTo(subject);
        assertThat(event.at("/payload/purpose").asString()).isEqualTo("credit-analysis");
    }

    @Test
    void anEventShowsItsTypesFieldsAndNeverWhoElseLookedTheConsumerUp() throws Exception {
        String subject = subject();
        Fixture.index(elasticsearch, indices, List.of(Fixture.event(subject, EventType.BUREAU_QUERY, 1, Map.of("bureau", "consumidor",
                "purpose", "collections", "requestedBy", "analyst-42", "client", "other-lender"))));

        JsonNode event = page(subject, "").get("events").get(0);

        assertThat(event.get("payload").propertyNames()).containsExactlyInAnyOrder("bureau", "purpose");
        assertThat(event.toString()).doesNotContain("analyst-42", "other-lender");
        assertThat(event.propertyNames()).containsExactlyInAnyOrder("eventId", "subject", "type", "occurredAt", "payload");
    }
}
