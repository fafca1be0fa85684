package io.consumidor.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.event.EventType;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.bson.Document;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A consumer with a known Base B rating and Base C history, and the HTTP calls of the tests. */
final class Fixture {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final LocalIssuer ISSUER = new LocalIssuer(TestStack.env().settings());

    /** Creates a test's own activity queue (the one its app records lookups on). */
    static void createQueue(String queue) {
        try (TestQueues queues = new TestQueues(TestStack.env())) {
            queues.client().createQueue(b -> b.queueName(queue));
        }
    }

    static void deleteQueue(String queue) {
        try (TestQueues queues = new TestQueues(TestStack.env())) {
            queues.client().deleteQueue(b -> b.queueUrl(queues.url(queue)));
        }
    }

    /** A loopback port nothing listens on: a store there is a stopped store (connection refused). */
    static int stoppedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void rating(MongoDatabase baseB, String subject) {
        baseB.getCollection(BaseBCollections.PROFILES).insertOne(TestProfiles.document(TestProfiles.profile(subject, 3)));
        RatingRecord rating = new RatingRecord(subject, 712, "LOW_RISK", List.of(new RatingRecord.Reason("R03", "incomeBand",
                "Income below the median", 40, false)), "scorecard-v1", "f1", 1, NOW.minus(Duration.ofHours(3)), LocalDate.now(), "run-1", Map.of());
        baseB.getCollection(BaseBCollections.RATINGS).insertOne(RatingCodec.current(rating));
        baseB.getCollection(BaseBCollections.RATING_HISTORY).insertOne(RatingCodec.history(rating)); // a first rating: its revision 1
    }

    static void erased(MongoDatabase baseB, String subject) {
        baseB.getCollection(BaseBCollections.PROFILES).insertOne(new Document("_id", subject).append(BaseBCollections.SUBJECT, subject));
    }

    /**
     * Bureau queries 10, 60 and 100 days back; money in 1000.00 (5 days) and 500.00 (45 days), out 200.00 (20 days)
     * and 50.25 (89 days); card purchases 2 and 40 days back. The "latest" documents are the newest of each type.
     */
    static void activity(ElasticsearchClient elasticsearch, BaseCIndices indices, String subject) throws IOException {
        IndexTemplates.apply(elasticsearch, indices);
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        List<Map<String, Object>> events = List.of(
                event(subject, EventType.BUREAU_QUERY, 10, Map.of("bureau", "serasa", "purpose", "credit-analysis")),
                event(subject, EventType.BUREAU_QUERY, 60, Map.of("bureau", "quod", "purpose", "credit-analysis")),
                event(subject, EventType.BUREAU_QUERY, 100, Map.of("bureau", "quod", "purpose", "collections")),
                event(subject, EventType.FINANCIAL_MOVEMENT, 5, movement("1000.00", "IN")),
                event(subject, EventType.FINANCIAL_MOVEMENT, 45, movement("500.00", "IN")),
                event(subject, EventType.FINANCIAL_MOVEMENT, 20, movement("200.00", "OUT")),
                event(subject, EventType.FINANCIAL_MOVEMENT, 89, movement("50.25", "OUT")),
                event(subject, EventType.CARD_PURCHASE, 2, Map.of("amount", 89.90, "currency", "BRL", "merchantCategory", "5411",
                        "merchantName", "Mercado", "channel", "IN_PERSON")),
                event(subject, EventType.CARD_PURCHASE, 40, Map.of("amount", 15.00, "currency", "BRL", "merchantCategory", "5812",
                        "merchantName", "Padaria", "channel", "ONLINE")));
        for (Map<String, Object> event : events) {
            Instant at = Instant.parse((String) event.get(EventFields.OCCURRED_AT));
            bulk.operations(op -> op.index(i -> i.index(indices.eventsFor(at)).id((String) event.get(EventFields.EVENT_ID)).document(event)));
        }
        bulk.operations(op -> op.index(i -> i.index(indices.latest()).id(BaseCIndices.latestId(subject, EventType.BUREAU_QUERY.wireName()))
                .document(events.get(0))));
        bulk.operations(op -> op.index(i -> i.index(indices.latest()).id(BaseCIndices.latestId(subject, EventType.CARD_PURCHASE.wireName()))
                .document(events.get(7))));
        var response = elasticsearch.bulk(bulk.build());
        if (response.errors()) {
            throw new IllegalStateException("seeding Base C failed: " + response.items().stream().filter(i -> i.error() != null)
                    .findFirst().map(i -> i.error().reason()).orElse("?"));
        }
    }

    private static Map<String, Object> movement(String amount, String direction) {
        return Map.of("amount", Double.parseDouble(amount), "currency", "BRL", "direction", direction, "kind", "PIX");
    }

    /** Indexes events into their daily indices and refreshes, as the router does (without the "latest" documents). */
    static void index(ElasticsearchClient elasticsearch, BaseCIndices indices, List<Map<String, Object>> events) throws IOException {
        IndexTemplates.apply(elasticsearch, indices);
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        for (Map<String, Object> event : events) {
            Instant at = Instant.parse((String) event.get(EventFields.OCCURRED_AT));
            bulk.operations(op -> op.index(i -> i.index(indices.eventsFor(at)).id((String) event.get(EventFields.EVENT_ID)).document(event)));
        }
        if (elasticsearch.bulk(bulk.build()).errors()) {
            throw new IllegalStateException("seeding Base C failed");
        }
    }

    static Map<String, Object> event(String subject, EventType type, int daysAgo, Map<String, Object> payload) {
        return eventAt(subject, type, NOW.minus(Duration.ofDays(daysAgo)), payload);
    }

    static Map<String, Object> eventAt(String subject, EventType type, Instant at, Map<String, Object> payload) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(EventFields.EVENT_ID, UUID.randomUUID().toString());
        document.put(EventFields.TYPE, type.wireName());
        document.put(EventFields.SCHEMA_VERSION, 1);
        document.put(EventFields.SUBJECT, subject);
        document.put(EventFields.OCCURRED_AT, at.toString());
        document.put(EventFields.RECORDED_AT, at.plusSeconds(1).toString());
        document.put(EventFields.PAYLOAD, payload);
        return document;
    }

    static String token(String... scopes) {
        return ISSUER.token("credit-desk", List.of(scopes), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
    }

    static HttpResponse<String> summary(int port, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/consumers/summary"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    static HttpResponse<String> features(int port, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/features"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    static HttpResponse<String> get(int port, String token, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET(), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String body(String cpf, String purpose) {
        return "{\"cpf\":\"" + cpf + "\",\"purpose\":\"" + purpose + "\"}";
    }

    private Fixture() {
    }
}
