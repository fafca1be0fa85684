package io.consumidor.basec;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.consumidor.core.event.EventType;
import io.consumidor.core.wire.Namespace;
import io.consumidor.elasticsearch.ElasticsearchClients;
import io.consumidor.elasticsearch.ElasticsearchProperties;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Base C's one reader of activity windows (the rating's, the export's): one aggregation request per chunk of subjects, against the stack's Elasticsearch, in a namespace of its own. */
class ActivitySummariesIT {

    private static final ActivitySummaries.Measure QUERIES_90 =
            new ActivitySummaries.Measure("queries90", EventType.BUREAU_QUERY, null, null, 90, null);
    private static final ActivitySummaries.Measure QUERIES_30 =
            new ActivitySummaries.Measure("queries30", EventType.BUREAU_QUERY, null, null, 30, null);

    private static final Instant T = Instant.parse("2026-06-30T02:59:59.999Z");
    private static ElasticsearchClient client;
    private static BaseCIndices indices;

    @BeforeAll
    static void open() {
        client = ElasticsearchClients.client(ElasticsearchClients.restClient(new ElasticsearchProperties(
                List.of(URI.create(TestStack.env().elasticsearchUrl())), null, null, Duration.ofSeconds(2), Duration.ofSeconds(30))));
        indices = BaseCIndices.of(Namespace.of("fit" + UUID.randomUUID().toString().substring(0, 8)));
        IndexTemplates.apply(client, indices);
    }

    @AfterAll
    static void close() throws IOException {
        IndexTemplates.dropNamespace(client, indices);
    }

    private static BulkOperation event(String subject, EventType type, Instant occurredAt, Instant recordedAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(EventFields.EVENT_ID, UUID.randomUUID().toString());
        doc.put(EventFields.TYPE, type.wireName());
        doc.put(EventFields.SUBJECT, subject);
        doc.put(EventFields.OCCURRED_AT, occurredAt.toString());
        doc.put(EventFields.RECORDED_AT, recordedAt.toString());
        doc.put(EventFields.PAYLOAD, Map.of());
        return BulkOperation.of(b -> b.index(i -> i.index(indices.eventsFor(occurredAt)).id((String) doc.get(EventFields.EVENT_ID)).document(doc)));
    }

    @Test
    void countsEachSubjectsEventsOfOneTypeInsideTheWindowOnly() throws IOException {
        String five = "dev_" + "a".repeat(64);
        String none = "dev_" + "b".repeat(64);
        String other = "dev_" + "c".repeat(64);
        List<BulkOperation> operations = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            operations.add(event(five, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(10L * i + 1)), T.minus(Duration.ofDays(10L * i + 1))));
        }
        operations.add(event(five, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(90)), T.minus(Duration.ofDays(90)))); // on the open edge
        operations.add(event(five, EventType.BUREAU_QUERY, T.plusMillis(1), T.plusMillis(1)));                          // after T
        operations.add(event(five, EventType.CARD_PURCHASE, T.minus(Duration.ofDays(3)), T.minus(Duration.ofDays(3))));  // other type
        operations.add(event(other, EventType.BUREAU_QUERY, T, T));                                                       // on the closed edge
        client.bulk(b -> b.operations(operations).refresh(Refresh.True));

        Map<String, ActivitySummaries.Values> answers = new ActivitySummaries(client, indices)
                .summarize(List.of(five, none, other), List.of(QUERIES_90), List.of(), T);

        assertThat(answers).containsOnlyKeys(five, other);
        assertThat(answers.get(five).count(QUERIES_90.name())).isEqualTo(5);
        assertThat(answers.get(other).count(QUERIES_90.name())).isEqualTo(1);
    }

    @Test
    void beforeAnyEventIsIndexedEveryCountIsZero() {
        BaseCIndices nothingYet = BaseCIndices.of(Namespace.of("none" + UUID.randomUUID().toString().substring(0, 8)));

        assertThat(new ActivitySummaries(client, nothingYet).summarize(List.of("dev_" + "e".repeat(64)), List.of(QUERIES_90),
                List.of(), T)).isEmpty();
    }

    @Test
    void anEventRecordedAfterTheInstantDoesNotCountAsOfIt() throws IOException {
        String subject = "dev_" + "d".repeat(64);
        client.bulk(b -> b.operations(List.of(
                event(subject, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(5)), T.minus(Duration.ofDays(5))),
                event(subject, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(4)), T.plus(Duration.ofDays(2))))).refresh(Refresh.True));

        assertThat(new ActivitySummaries(client, indices).summarize(List.of(subject), List.of(QUERIES_30), List.of(), T)
                .get(subject).count(QUERIES_30.name())).isEqualTo(1);
    }
}
