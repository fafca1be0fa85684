package io.consumidor.router;

import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.subject.Subject;
import io.consumidor.router.elasticsearch.ErasureSweeper;
import io.consumidor.stack.LocalStack;
import io.consumidor.testsupport.TestStack;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.mongodb.client.model.Filters.eq;
import static io.consumidor.router.RouterHarness.randomSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The router against the real stack: routing matrix, idempotence, ordering, poison messages, a store outage. */
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

    private static Document profile(Subject subject) {
        return harness.mongo.getCollection("profiles").find(eq("_id", subject.value())).first();
    }

    private static final String PROFILE = """
            {"birthYear":1980,"region":"PE","sourceVersion":1,"assets":[{"kind":"VEHICLE","value":30000,"paidOff":true}],
             "incomeSources":[{"kind":"EMPLOYMENT","monthlyAmount":4000,"since":"2020-01-01"}],
             "debtSummary":{"openCount":1,"openTotal":100.0,"defaultedCount":0,"defaultedTotal":0,"maxDaysOverdue":0}}""";

    @Test
    void routesEachTypeToItsDestinations() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        EventEnvelope profile = harness.event("consumer.profile", subject, t, PROFILE);
        EventEnvelope debts = harness.event("consumer.debt_summary", subject, t.plusSeconds(1),
                "{\"sourceVersion\":2,\"debtSummary\":{\"openCount\":2,\"openTotal\":300.0,\"defaultedCount\":1,\"defaultedTotal\":50.0,\"maxDaysOverdue\":40}}");
        EventEnvelope facts = harness.event("consumer.facts", subject, t, "{\"monthlyIncome\":5000,\"vehicleCount\":2}");
        EventEnvelope query = harness.event("bureau.query", subject, t, "{\"bureau\":\"serasa\",\"purpose\":\"credit\",\"requestedBy\":\"bank-1\"}");
        EventEnvelope purchase = harness.event("card.purchase", subject, t, "{\"amount\":99.9,\"currency\":\"BRL\",\"merchantCategory\":\"5411\"}");
        EventEnvelope movement = harness.event("financial.movement", subject, t, "{\"amount\":1000,\"currency\":\"BRL\",\"direction\":\"IN\",\"kind\":\"PIX\"}");
        harness.sendEvents(harness.profileQueue, List.of(profile, debts, facts));
        harness.sendEvents(harness.activityQueue, List.of(query, purchase, movement));

        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("events-*", subject).size() == 3
                && profile(subject) != null && profile(subject).get("reportedFacts") != null
                && ((Document) profile(subject).get("debtSummary")).getInteger("openCount") == 2);
        Document doc = profile(subject);
        assertThat(((Document) doc.get("profile")).getInteger("birthYear")).isEqualTo(1980);
        assertThat(((Document) doc.get("profile")).getString("region")).isEqualTo("PE");
        assertThat(((Document) doc.get("debtSummary")).getInteger("defaultedCount")).isEqualTo(1);
        assertThat(((Document) doc.get("reportedFacts")).getInteger("monthlyIncome")).isEqualTo(5000);
        assertThat(harness.documents("events-*", subject)).extracting(d -> d.get("type"))
                .containsExactlyInAnyOrder("bureau.query", "card.purchase", "financial.movement");
        assertThat(harness.documents("latest", subject)).extracting(d -> d.get("type"))
                .containsExactlyInAnyOrder("bureau.query", "card.purchase");
    }

    @Test
    void theSameMessageDeliveredTwiceYieldsOneDocument() {
        Subject subject = randomSubject();
        EventEnvelope purchase = harness.event("card.purchase", subject, Instant.now(), "{\"amount\":10,\"currency\":\"BRL\"}");
        harness.sendEvents(harness.activityQueue, List.of(purchase, purchase));
        harness.sendEvents(harness.activityQueue, List.of(purchase));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.queues.depth(harness.activityQueue) == 0);
        assertThat(harness.documents("events-*", subject)).hasSize(1);
        assertThat(harness.documents("latest", subject)).hasSize(1);
    }

    @Test
    void outOfOrderEventsLeaveTheNewestState() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        EventEnvelope older = harness.event("card.purchase", subject, t, "{\"amount\":1,\"currency\":\"BRL\"}");
        EventEnvelope newer = harness.event("card.purchase", subject, t.plusSeconds(60), "{\"amount\":2,\"currency\":\"BRL\"}");
        EventEnvelope oldProfile = harness.event("consumer.profile", subject, t, PROFILE.replace("\"PE\"", "\"SP\""));
        EventEnvelope newProfile = harness.event("consumer.profile", subject, t.plusSeconds(60), PROFILE.replace("\"PE\"", "\"RJ\""));
        harness.sendEvents(harness.activityQueue, List.of(newer));
        harness.sendEvents(harness.profileQueue, List.of(newProfile));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("latest", subject).size() == 1 && profile(subject) != null);
        harness.sendEvents(harness.activityQueue, List.of(older));
        harness.sendEvents(harness.profileQueue, List.of(oldProfile));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("events-*", subject).size() == 2
                && harness.queues.depth(harness.profileQueue) == 0);

        Map<String, Object> latest = harness.documents("latest", subject).get(0);
        assertThat(latest.get("eventId")).isEqualTo(newer.eventId().toString());
        assertThat(((Document) profile(subject).get("profile")).getString("region")).isEqualTo("RJ");
    }

    @Test
    void poisonMessagesAreDeadLetteredWithReasonsWhileTheRestOfTheBatchIsWritten() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        List<String> bodies = new ArrayList<>();
        IntStream.range(0, 4).forEach(i -> bodies.add(harness.json(harness.event("card.purchase", subject, t.plusMillis(i),
                "{\"amount\":" + i + ",\"currency\":\"BRL\"}"))));
        bodies.add(2, "{not json");
        bodies.add(3, harness.json(harness.event("card.purchase", subject, t, "{\"amount\":\"a lot\",\"currency\":\"BRL\"}")));
        bodies.add(4, harness.json(EventEnvelope.of("card.purchase", 99, t, subject, harness.event("card.purchase", subject, t, "{}").payload())));
        bodies.add(5, harness.json(harness.event("weather.report", subject, t, "{\"sunny\":true}")));
        harness.queues.send(harness.activityQueue, bodies);

        await().atMost(Duration.ofSeconds(40)).until(() -> harness.queues.depth(harness.activityQueue + "-dlq") == 4
                && harness.queues.depth(harness.activityQueue) == 0);
        assertThat(harness.documents("events-*", subject)).hasSize(4);
        List<Message> dead = harness.queues.drain(harness.activityQueue + "-dlq");
        assertThat(dead).extracting(m -> m.messageAttributes().get("dlq-reason").stringValue())
                .containsExactlyInAnyOrder("malformed-event", "mapping-rejected", "unknown-schema-version", "no-route");
        Message mapping = dead.stream().filter(m -> m.messageAttributes().get("dlq-reason").stringValue().equals("mapping-rejected"))
                .findFirst().orElseThrow();
        assertThat(mapping.messageAttributes().get("dlq-route").stringValue()).isEqualTo("activity-log");
        assertThat(mapping.messageAttributes().get("dlq-destination").stringValue()).isEqualTo("elasticsearch:events-{yyyy.MM}/index");
        assertThat(mapping.messageAttributes().get("dlq-error-message").stringValue()).contains("parsing");
    }

    @Test
    void erasureForgetsTheSubjectInBothStoresAndTurnsAwayOlderEvents() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        harness.sendEvents(harness.profileQueue, List.of(harness.event("consumer.profile", subject, t, PROFILE)));
        harness.sendEvents(harness.activityQueue, List.of(harness.event("bureau.query", subject, t, "{\"bureau\":\"serasa\"}")));
        await().atMost(Duration.ofSeconds(30)).until(() -> profile(subject) != null && harness.documents("events-*,latest", subject).size() == 2);
        harness.mongo.getCollection("ratings").insertOne(new Document("subject", subject.value()).append("score", 500));

        EventEnvelope erased = harness.event("consumer.erased", subject, t.plusSeconds(5), "{}");
        harness.sendEvents(harness.profileQueue, List.of(erased));
        harness.sendEvents(harness.activityQueue, List.of(erased));
        await().atMost(Duration.ofSeconds(30)).until(() -> profile(subject) != null && profile(subject).get("erased") != null
                && harness.documents("events-*,latest", subject).isEmpty());
        assertThat(profile(subject).keySet()).containsExactlyInAnyOrder("_id", "erased", "updatedAt");
        assertThat(harness.mongo.getCollection("ratings").countDocuments(eq("subject", subject.value()))).isZero();

        // A profile update older than the erasure, delivered late, does not bring the facts back.
        harness.sendEvents(harness.profileQueue, List.of(harness.event("consumer.profile", subject, t.plusSeconds(1), PROFILE)));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.queues.depth(harness.profileQueue) == 0);
        assertThat(profile(subject).get("profile")).isNull();
    }

    @Test
    void lateActivityOfAnErasedSubjectIsSweptAwayWhileNewerActivityStays() {
        Subject subject = randomSubject();
        Instant t = Instant.now();
        harness.sendEvents(harness.activityQueue, List.of(harness.event("consumer.erased", subject, t, "{}")));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("erasures", subject).size() == 1);
        assertThat(harness.documents("erasures", subject).get(0)).containsKeys("erasedAt", "targets");

        // Older than the erasure but arriving after it (a redelivery, a slower queue): indexed again at first.
        harness.sendEvents(harness.activityQueue, List.of(
                harness.event("card.purchase", subject, t.minusSeconds(10), "{\"amount\":10,\"currency\":\"BRL\"}"),
                harness.event("bureau.query", subject, t.plusSeconds(10), "{\"bureau\":\"serasa\"}")));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.documents("events-*,latest", subject).size() == 4);

        // The sweep covers every erasure in its window (other tests' too), so count this subject's documents.
        assertThat(router.getBean(ErasureSweeper.class).sweep()).isGreaterThanOrEqualTo(2);

        List<Map<String, Object>> left = harness.documents("events-*,latest", subject);
        assertThat(left).hasSize(2).allSatisfy(doc -> assertThat(doc.get("type")).isEqualTo("bureau.query"));
        router.getBean(ErasureSweeper.class).sweep();
        assertThat(harness.documents("events-*,latest", subject)).as("a second sweep leaves newer activity alone").hasSize(2);
    }

    @Test
    void mongoKeepsUpWhileElasticsearchIsDownAndNothingIsLostWhenItReturns() {
        LocalStack stack = LocalStack.create(TestStack.env().settings(), new PrintStream(new ByteArrayOutputStream()));
        Subject subject = randomSubject();
        Instant t = Instant.now();
        List<EventEnvelope> activity = IntStream.range(0, 30).mapToObj(i -> harness.event("financial.movement", subject,
                t.plusMillis(i), "{\"amount\":" + i + ",\"currency\":\"BRL\",\"direction\":\"OUT\"}")).toList();
        List<Subject> profiles = IntStream.range(0, 20).mapToObj(i -> randomSubject()).toList();
        try {
            stack.stop(List.of("elasticsearch"));
            harness.sendEvents(harness.activityQueue, activity);
            harness.sendEvents(harness.profileQueue, profiles.stream().map(s -> harness.event("consumer.profile", s, t, PROFILE)).toList());
            // MongoDB is written while Elasticsearch is away.
            await().atMost(Duration.ofSeconds(30)).until(() -> profiles.stream().allMatch(s -> profile(s) != null));
            assertThat(harness.queues.depth(harness.activityQueue)).isEqualTo(30);
        } finally {
            stack.up();
            stack.close();
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> harness.documents("events-*", subject).size() == 30);
        assertThat(harness.queues.depth(harness.activityQueue + "-dlq")).isZero();
    }
}
