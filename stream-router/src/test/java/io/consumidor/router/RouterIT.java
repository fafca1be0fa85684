package io.consumidor.router;

import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileDocument;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.DebtSummaryChanged;
import io.consumidor.core.payload.ReportedFacts;
import io.consumidor.core.subject.Subject;
import io.consumidor.router.erasure.ErasureSweeper;
import io.consumidor.router.mongo.ProfileWriter;
import io.consumidor.router.elasticsearch.EventIndexWriter;
import io.consumidor.stack.LocalStack;
import io.consumidor.testsupport.TestStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.mongodb.client.model.Filters.eq;
import static io.consumidor.router.RouterFixtures.debts;
import static io.consumidor.router.RouterFixtures.movement;
import static io.consumidor.router.RouterFixtures.profile;
import static io.consumidor.router.RouterFixtures.purchase;
import static io.consumidor.router.RouterFixtures.query;
import static io.consumidor.router.RouterHarness.randomSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The router against the real stack: routing matrix, history, idempotence, ordering, poison messages, erasure, an outage. */
class RouterIT {

    private static RouterHarness harness;
    private static ConfigurableApplicationContext router;

    @BeforeAll
    static void start() {
        harness = new RouterHarness();
        router = harness.startRouter();
    }

    @AfterAll
    static void stop() {
        router.close();
        harness.close();
    }

    private static Document profileDocument(Subject subject) {
        return harness.mongo.getCollection(BaseBCollections.PROFILES).find(eq("_id", subject.value())).first();
    }

    private static ProfileDocument stored(Subject subject) {
        Document document = profileDocument(subject);
        return document == null ? null : ProfileCodec.read(document);
    }

    private static ProfileHistory history() {
        return new ProfileHistory(harness.mongo);
    }

    @Test
    void routesEachTypeToItsDestinationsAndRecordsEveryFactInTheHistory() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        harness.sendEvents(harness.profileQueue, List.of(
                harness.baseA(EventType.CONSUMER_PROFILE, subject, t, 41, profile("PE", 1)),
                harness.baseA(EventType.CONSUMER_DEBT_SUMMARY, subject, t.plusSeconds(1), 42, new DebtSummaryChanged(debts(2))),
                harness.event(EventType.CONSUMER_FACTS, subject, t, new ReportedFacts(new BigDecimal("5000"), null, null, 2, null))));
        harness.sendEvents(harness.activityQueue, List.of(harness.event(EventType.BUREAU_QUERY, subject, t, query()),
                harness.event(EventType.CARD_PURCHASE, subject, t, purchase("99.90")),
                harness.event(EventType.FINANCIAL_MOVEMENT, subject, t, movement(1000))));

        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("events", subject).size() == 3
                && stored(subject) != null && stored(subject).profile().reported() != null
                && stored(subject).profile().debts() != null && stored(subject).profile().debts().sourceVersion() == 42);
        var current = stored(subject).profile();
        assertThat(current.personal().value().region()).isEqualTo("PE");
        assertThat(current.debts().value().openCount()).isEqualTo(2);
        assertThat(current.reported().value().vehicleCount()).isEqualTo(2);
        // consumer.profile carries two groups: four facts in all, each with both of its times.
        assertThat(history().entries(subject.value())).hasSize(4)
                .allSatisfy(e -> assertThat(e.fact().recordedAt()).isAfterOrEqualTo(e.fact().occurredAt().minusSeconds(1)));
        assertThat(harness.documents("events", subject)).extracting(d -> d.get("type"))
                .containsExactlyInAnyOrder("bureau.query", "card.purchase", "financial.movement");
        assertThat(harness.documents("events", subject)).allSatisfy(d -> assertThat(d).containsKey("recordedAt"));
        assertThat(harness.documents("latest", subject)).extracting(d -> d.get("type"))
                .containsExactlyInAnyOrder("bureau.query", "card.purchase");
    }

    @Test
    void aRedeliveredEventIsWrittenOnceEverywhere() {
        Subject subject = randomSubject();
        EventEnvelope purchase = harness.event(EventType.CARD_PURCHASE, subject, Instant.now(), purchase("10"));
        EventEnvelope profile = harness.baseA(EventType.CONSUMER_PROFILE, subject, Instant.now(), 7, profile("BA", 0));
        harness.sendEvents(harness.activityQueue, List.of(purchase, purchase));
        harness.sendEvents(harness.profileQueue, List.of(profile, profile));

        await().atMost(Duration.ofSeconds(30)).until(() -> harness.queues.depth(harness.activityQueue) == 0
                && harness.queues.depth(harness.profileQueue) == 0 && stored(subject) != null);
        assertThat(harness.documents("events", subject)).hasSize(1);
        assertThat(harness.documents("latest", subject)).hasSize(1);
        assertThat(history().entries(subject.value())).hasSize(2);
    }

    @Test
    void theHigherBaseAVersionWinsWhateverTheTimestampsAndLatestFollowsOccurredAt() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        // Version 9 carries the older clock: the version decides, not a producer's wall clock.
        EventEnvelope newer = harness.baseA(EventType.CONSUMER_PROFILE, subject, t, 9, profile("RJ", 0));
        EventEnvelope older = harness.baseA(EventType.CONSUMER_PROFILE, subject, t.plusSeconds(60), 8, profile("SP", 0));
        EventEnvelope sameTime = harness.baseA(EventType.CONSUMER_PROFILE, subject, t, 7, profile("MG", 0));
        EventEnvelope olderPurchase = harness.event(EventType.CARD_PURCHASE, subject, t, purchase("1"));
        EventEnvelope newerPurchase = harness.event(EventType.CARD_PURCHASE, subject, t.plusSeconds(60), purchase("2"));
        harness.sendEvents(harness.profileQueue, List.of(newer));
        harness.sendEvents(harness.activityQueue, List.of(newerPurchase));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("latest", subject).size() == 1 && stored(subject) != null);

        harness.sendEvents(harness.profileQueue, List.of(older, sameTime));
        harness.sendEvents(harness.activityQueue, List.of(olderPurchase));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("events", subject).size() == 2
                && history().entries(subject.value()).size() == 6);

        assertThat(harness.documents("latest", subject).get(0).get("eventId")).isEqualTo(newerPurchase.eventId().toString());
        assertThat(stored(subject).profile().personal().value().region()).isEqualTo("RJ");
        assertThat(stored(subject).profile().personal().sourceVersion()).isEqualTo(9);
    }

    @Test
    void poisonMessagesAreDeadLetteredWithReasonsWhileTheRestOfTheBatchIsWritten() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        List<String> bodies = new ArrayList<>();
        IntStream.range(0, 4).forEach(i -> bodies.add(harness.json(harness.event(EventType.CARD_PURCHASE, subject, t.plusMillis(i),
                purchase(Integer.toString(i + 1))))));
        bodies.add(2, "{not json");
        bodies.add(3, harness.json(harness.raw("card.purchase", 1, subject, t, "{\"amount\":\"a lot\",\"currency\":\"BRL\"}")));
        bodies.add(4, harness.json(harness.raw("card.purchase", 99, subject, t, "{}")));
        bodies.add(5, harness.json(harness.raw("weather.report", 1, subject, t, "{\"sunny\":true}")));
        harness.queues.send(harness.activityQueue, bodies);
        // A Base B payload that breaks its type's contract: that message only.
        harness.queues.send(harness.profileQueue, List.of(harness.json(harness.raw("consumer.profile", 1, subject, t,
                "{\"birthYear\":\"long ago\",\"region\":\"PE\"}"))));

        await().atMost(Duration.ofSeconds(40)).until(() -> harness.queues.depth(harness.activityQueue + "-dlq") == 4
                && harness.queues.depth(harness.activityQueue) == 0 && harness.queues.depth(harness.profileQueue + "-dlq") == 1);
        assertThat(harness.documents("events", subject)).hasSize(4);
        List<Message> dead = harness.queues.drain(harness.activityQueue + "-dlq");
        // A payload that breaks its type's contract is refused before any store sees it (it used to reach
        // Elasticsearch and come back as a mapping rejection; a Base C field the mapping took would have stayed).
        assertThat(dead).extracting(m -> m.messageAttributes().get("dlq-reason").stringValue())
                .containsExactlyInAnyOrder("malformed-event", "malformed-payload", "unknown-schema-version", "no-route");
        Message badAmount = dead.stream().filter(m -> m.messageAttributes().get("dlq-reason").stringValue().equals("malformed-payload"))
                .findFirst().orElseThrow();
        assertThat(badAmount.messageAttributes().get("dlq-error-message").stringValue()).contains("card.purchase", "amount");
        Message payload = harness.queues.drain(harness.profileQueue + "-dlq").get(0);
        assertThat(payload.messageAttributes().get("dlq-reason").stringValue()).isEqualTo("malformed-payload");
        assertThat(payload.messageAttributes().get("dlq-error-message").stringValue()).contains("consumer.profile");
        assertThat(stored(subject)).isNull();
    }

    /**
     * A sender of the activity queue (the query API records its lookups there) cannot erase anybody or write a
     * profile: those types are accepted from Base A's profile queue only; nor can Base B's queue carry activity.
     */
    @Test
    void eachTypeIsAcceptedOnlyFromItsProducersQueueTheRestDeadLetteredWithTheReason() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        harness.sendEvents(harness.profileQueue, List.of(harness.baseA(EventType.CONSUMER_PROFILE, subject, t, 10, profile("PE", 1))));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(subject) != null);

        harness.sendEvents(harness.activityQueue, List.of(harness.baseA(EventType.CONSUMER_ERASED, subject, t.plusSeconds(5), 11, null),
                harness.baseA(EventType.CONSUMER_PROFILE, subject, t.plusSeconds(6), 12, profile("SP", 9))));
        harness.sendEvents(harness.profileQueue, List.of(harness.event(EventType.CARD_PURCHASE, subject, t, purchase("10"))));

        await().atMost(Duration.ofSeconds(40)).until(() -> harness.queues.depth(harness.activityQueue + "-dlq") == 2
                && harness.queues.depth(harness.profileQueue + "-dlq") == 1);
        List<Message> dead = new ArrayList<>(harness.queues.drain(harness.activityQueue + "-dlq"));
        dead.addAll(harness.queues.drain(harness.profileQueue + "-dlq"));
        assertThat(dead).extracting(m -> m.messageAttributes().get("dlq-reason").stringValue()).containsOnly("wrong-queue");
        assertThat(dead).extracting(m -> m.messageAttributes().get("dlq-error-message").stringValue())
                .anySatisfy(message -> assertThat(message).contains("consumer.erased is not accepted from " + harness.activityQueue));
        assertThat(stored(subject).isTombstone()).as("not erased").isFalse();
        assertThat(stored(subject).profile().personal().value().region()).as("the profile stands").isEqualTo("PE");
        assertThat(harness.documents("events", subject)).isEmpty();
    }

    /** A careless producer's extra field (a cardholder's name) never reaches Base C: the payload is re-read by its contract. */
    @Test
    void fieldsTheContractDoesNotKnowNeverReachTheStores() {
        Subject subject = randomSubject();
        harness.queues.send(harness.activityQueue, List.of(harness.json(harness.raw("card.purchase", 1, subject, Instant.now(),
                "{\"amount\":10.00,\"currency\":\"BRL\",\"merchantCategory\":\"5411\",\"channel\":\"ONLINE\",\"cardholderName\":\"Joana Bezerra\"}"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("events", subject).size() == 1);

        assertThat(harness.documents("events", subject).get(0).get("payload").toString()).contains("5411").doesNotContain("Joana", "cardholderName");
    }

    @Test
    void erasureLeavesNoTraceOfTheSubjectInAnyCollectionButAFactFreeTombstoneUntilItExpires() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        harness.sendEvents(harness.profileQueue, List.of(harness.baseA(EventType.CONSUMER_PROFILE, subject, t, 10, profile("PE", 1)),
                harness.event(EventType.CONSUMER_FACTS, subject, t, new ReportedFacts(BigDecimal.TEN, null, null, null, null))));
        harness.sendEvents(harness.activityQueue, List.of(harness.event(EventType.BUREAU_QUERY, subject, t, query())));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(subject) != null && stored(subject).profile().reported() != null
                && harness.allDocuments(subject).size() == 2);
        // What the rating job would have written, and a collection some later module adds.
        MongoDatabase db = harness.mongo;
        for (String collection : List.of(BaseBCollections.RATINGS, BaseBCollections.RATING_HISTORY, BaseBCollections.RATING_SKIPS, "futureFeature")) {
            db.getCollection(collection).insertOne(new Document(BaseBCollections.SUBJECT, subject.value()).append("score", 500));
        }

        EventEnvelope erased = harness.baseA(EventType.CONSUMER_ERASED, subject, t.plusSeconds(5), 11, null);
        harness.sendEvents(harness.profileQueue, List.of(erased));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(subject).isTombstone() && harness.allDocuments(subject).isEmpty());

        // The fact-free tombstone, and the erasure ledger's entry that stored datasets are cleaned against.
        assertThat(documentsMentioning(subject)).containsOnlyKeys(BaseBCollections.PROFILES, BaseBCollections.ERASURE_LEDGER);
        assertThat(documentsMentioning(subject).get(BaseBCollections.ERASURE_LEDGER).get(0).keySet())
                .containsExactlyInAnyOrder("_id", io.consumidor.baseb.erasure.ErasureLedger.ERASED_AT, io.consumidor.baseb.erasure.ErasureLedger.RECORDED_AT);
        assertThat(profileDocument(subject).keySet()).containsExactlyInAnyOrder("_id", "erasure", "updatedAt");

        // Late pre-erasure events of Base A and of a producer do not bring facts back.
        harness.sendEvents(harness.profileQueue, List.of(harness.baseA(EventType.CONSUMER_PROFILE, subject, t.plusSeconds(1), 10, profile("SP", 3)),
                harness.event(EventType.CONSUMER_FACTS, subject, t.plusSeconds(2), new ReportedFacts(BigDecimal.ONE, null, null, null, null))));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.queues.depth(harness.profileQueue) == 0);
        assertThat(documentsMentioning(subject)).containsOnlyKeys(BaseBCollections.PROFILES, BaseBCollections.ERASURE_LEDGER);
        assertThat(stored(subject).isTombstone()).isTrue();

        // Once erasures have expired, nothing of the subject is left anywhere.
        new ErasureSweeper(router.getBean(EventIndexWriter.class).erasure(), router.getBean(ProfileWriter.class).store(),
                new RouterProperties.ErasureSweep(Duration.ofMinutes(5), Duration.ZERO), new SimpleMeterRegistry(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1))).sweep();
        // The ledger's entry stays until the datasets' erasure sweep has checked every stored run past it and prunes it.
        assertThat(documentsMentioning(subject)).containsOnlyKeys(BaseBCollections.ERASURE_LEDGER);
        new io.consumidor.baseb.erasure.ErasureLedger(harness.mongo).prune(java.time.Instant.now());
        assertThat(documentsMentioning(subject)).isEmpty();
        assertThat(harness.documents("erasures", subject)).isEmpty();
    }

    @Test
    void aConsumerRegisteredAgainAfterErasureIsBackWhileLateEventsOfTheErasedOneStillLose() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        harness.sendEvents(harness.profileQueue, List.of(harness.baseA(EventType.CONSUMER_PROFILE, subject, t, 20, profile("PE", 1)),
                harness.baseA(EventType.CONSUMER_ERASED, subject, t.plusSeconds(1), 21, null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(subject) != null && stored(subject).isTombstone());

        harness.sendEvents(harness.profileQueue, List.of(harness.baseA(EventType.CONSUMER_PROFILE, subject, t.plusSeconds(2), 22, profile("AM", 0))));
        await().atMost(Duration.ofSeconds(30)).until(() -> !stored(subject).isTombstone());
        harness.sendEvents(harness.profileQueue, List.of(harness.baseA(EventType.CONSUMER_DEBT_SUMMARY, subject, t, 20,
                new DebtSummaryChanged(debts(5)))));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.queues.depth(harness.profileQueue) == 0);

        var current = stored(subject).profile();
        assertThat(current.personal().value().region()).isEqualTo("AM");
        assertThat(current.debts().value().openCount()).isZero();
        assertThat(history().entries(subject.value())).as("only the new registration's facts").hasSize(2)
                .allSatisfy(e -> assertThat(e.fact().sourceVersion()).isEqualTo(22));
    }

    /** Every document of the harness's database holding the subject anywhere, by collection. */
    private static Map<String, List<Document>> documentsMentioning(Subject subject) {
        Map<String, List<Document>> found = new java.util.TreeMap<>();
        for (String collection : harness.mongo.listCollectionNames()) {
            harness.mongo.getCollection(collection).find().forEach(doc -> {
                if (doc.toJson().contains(subject.value())) {
                    found.computeIfAbsent(collection, c -> new ArrayList<>()).add(doc);
                }
            });
        }
        return found;
    }

    @Test
    void lateActivityOfAnErasedSubjectIsSweptAwayWhileNewerActivityStays() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        harness.sendEvents(harness.profileQueue, List.of(harness.baseA(EventType.CONSUMER_ERASED, subject, t, 5, null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("erasures", subject).size() == 1);
        assertThat(harness.documents("erasures", subject).get(0)).containsKeys(io.consumidor.basec.ErasureMarker.ERASED_AT, io.consumidor.basec.ErasureMarker.TARGETS);

        // Older than the erasure but arriving after it (a redelivery, a slower queue): indexed again at first.
        harness.sendEvents(harness.activityQueue, List.of(harness.event(EventType.CARD_PURCHASE, subject, t.minusSeconds(10), purchase("10")),
                harness.event(EventType.BUREAU_QUERY, subject, t.plusSeconds(10), query())));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.allDocuments(subject).size() == 4);

        // The sweep covers every erasure in its window (other tests' too), so count this subject's documents.
        assertThat(router.getBean(ErasureSweeper.class).sweep().lateDocuments()).isGreaterThanOrEqualTo(2);

        List<Map<String, Object>> left = harness.allDocuments(subject);
        assertThat(left).hasSize(2).allSatisfy(doc -> assertThat(doc.get("type")).isEqualTo("bureau.query"));
        router.getBean(ErasureSweeper.class).sweep();
        assertThat(harness.allDocuments(subject)).as("a second sweep leaves newer activity alone").hasSize(2);
    }

    @Test
    void mongoKeepsUpWhileElasticsearchIsDownAndNothingIsLostWhenItReturns() {
        LocalStack stack = LocalStack.create(TestStack.env().settings(), new PrintStream(new ByteArrayOutputStream()));
        Subject subject = randomSubject();
        Instant t = Instant.now();
        List<EventEnvelope> activity = IntStream.range(0, 30).mapToObj(i -> harness.event(EventType.FINANCIAL_MOVEMENT, subject,
                t.plusMillis(i), movement(i + 1))).toList();
        List<Subject> profiles = IntStream.range(0, 20).mapToObj(i -> randomSubject()).toList();
        try {
            stack.stop(List.of("elasticsearch"));
            harness.sendEvents(harness.activityQueue, activity);
            harness.sendEvents(harness.profileQueue, profiles.stream().map(s -> harness.baseA(EventType.CONSUMER_PROFILE, s, t, 1,
                    profile("PE", 0))).toList());
            // MongoDB is written while Elasticsearch is away.
            await().atMost(Duration.ofSeconds(30)).until(() -> profiles.stream().allMatch(s -> stored(s) != null));
            assertThat(harness.queues.depth(harness.activityQueue)).isEqualTo(30);
        } finally {
            stack.up();
            stack.close();
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> harness.documents("events", subject).size() == 30);
        assertThat(harness.queues.depth(harness.activityQueue + "-dlq")).isZero();
    }
}
