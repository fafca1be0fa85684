package io.consumidor.router.hostile;

import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.subject.Subject;
import io.consumidor.router.RouterFixtures;
import io.consumidor.router.RouterHarness;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Generated malformed messages on the router's queues, mixed into batches of valid ones: bad JSON, envelopes
 * with fields missing or of the wrong type, unknown schema versions and types, payloads that break their
 * type's contract, oversized bodies. Whatever the mix: each malformed message lands on the dead-letter queue
 * with a reason, nothing is written to MongoDB or Elasticsearch for it, every valid message of the batch is
 * written, and the router stays up. Tries: {@code jqwik.tries.default} of this module (15 in CI; each try is a
 * batch through SQS); a long run: {@code ./mvnw verify -pl stream-router -Dtest=HostileQueueIT -Djqwik.tries.default=300}.
 */
class HostileQueueIT {

    private static RouterHarness harness;
    private static ConfigurableApplicationContext router;

    @BeforeContainer
    static void start() {
        harness = new RouterHarness();
        router = harness.startRouter("spring.cloud.stream.bindings.route-in-0.consumer.max-attempts=2");
    }

    @AfterContainer
    static void stop() {
        router.close();
        harness.close();
    }

    /** A message for a queue: its body, whether it is valid, and the subject it is about (fresh per message). */
    record Sent(String kind, boolean valid, boolean profileFeed, Subject subject, String body) {
        @Override
        public String toString() {
            return kind + (valid ? " (valid)" : "") + ": " + (body.length() > 200 ? body.substring(0, 200) + "… (" + body.length() + " chars)" : body);
        }
    }

    private static final List<String> MALFORMED = List.of("not-json", "truncated", "json-array", "empty", "huge-garbage",
            "no-event-id", "event-id-not-uuid", "occurred-at-number", "subject-is-a-cpf", "negative-source-version",
            "source-version-text", "unknown-schema-version", "unknown-type", "payload-not-object", "profile-payload-wrong-type",
            "purchase-amount-text", "purchase-channel-unknown", "movement-direction-unknown");

    @Provide
    Arbitrary<List<Sent>> batches() {
        Arbitrary<Sent> valid = Arbitraries.of("profile", "debts", "purchase", "movement", "query").map(HostileQueueIT::valid);
        Arbitrary<Sent> malformed = Arbitraries.of(MALFORMED).map(HostileQueueIT::malformed);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, valid), net.jqwik.api.Tuple.of(1, malformed)).list().ofMinSize(1).ofMaxSize(12);
    }

    private static Sent valid(String kind) {
        Subject subject = RouterHarness.randomSubject();
        Instant at = Instant.now();
        EventEnvelope event = switch (kind) {
            case "profile" -> harness.baseA(EventType.CONSUMER_PROFILE, subject, at, 1, RouterFixtures.profile("SP", 1));
            case "debts" -> harness.baseA(EventType.CONSUMER_DEBT_SUMMARY, subject, at, 2,
                    new io.consumidor.core.payload.DebtSummaryChanged(RouterFixtures.debts(2)));
            case "purchase" -> harness.event(EventType.CARD_PURCHASE, subject, at, RouterFixtures.purchase("12.30"));
            case "movement" -> harness.event(EventType.FINANCIAL_MOVEMENT, subject, at, RouterFixtures.movement(50));
            default -> harness.event(EventType.BUREAU_QUERY, subject, at, RouterFixtures.query());
        };
        return new Sent(kind, true, kind.equals("profile") || kind.equals("debts"), subject, harness.json(event));
    }

    private static Sent malformed(String kind) {
        Subject subject = RouterHarness.randomSubject();
        String good = harness.json(harness.event(EventType.CARD_PURCHASE, subject, Instant.now(), RouterFixtures.purchase("9.90")));
        String profile = harness.json(harness.baseA(EventType.CONSUMER_PROFILE, subject, Instant.now(), 1, RouterFixtures.profile("SP", 0)));
        String body = switch (kind) {
            case "not-json" -> "this is not an event";
            case "truncated" -> good.substring(0, good.length() / 2);
            case "json-array" -> "[" + good + "]";
            case "empty" -> " ";
            case "huge-garbage" -> "{\"junk\":\"" + "x".repeat(200_000) + "\"}";
            case "no-event-id" -> good.replaceFirst("\"eventId\":\"[^\"]+\",", "");
            case "event-id-not-uuid" -> good.replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"42\"");
            case "occurred-at-number" -> good.replaceFirst("\"occurredAt\":\"[^\"]+\"", "\"occurredAt\":12345");
            case "subject-is-a-cpf" -> good.replace(subject.value(), "52998224725");
            case "negative-source-version" -> good.replaceFirst("\"sourceVersion\":\\d+", "\"sourceVersion\":-4");
            case "source-version-text" -> good.replaceFirst("\"sourceVersion\":\\d+", "\"sourceVersion\":\"latest\"");
            case "unknown-schema-version" -> good.replaceFirst("\"schemaVersion\":1", "\"schemaVersion\":99");
            case "unknown-type" -> good.replace("\"card.purchase\"", "\"weather.report\"");
            case "payload-not-object" -> good.replaceFirst("\"payload\":\\{[^}]*}", "\"payload\":[1,2]");
            case "profile-payload-wrong-type" -> profile.replaceFirst("\"birthYear\":\\d+", "\"birthYear\":\"long ago\"");
            case "purchase-amount-text" -> good.replaceFirst("\"amount\":[0-9.]+", "\"amount\":\"a lot\"");
            case "purchase-channel-unknown" -> good.replace("\"ONLINE\"", "\"TELEPATHY\"");
            default -> harness.json(harness.event(EventType.FINANCIAL_MOVEMENT, subject, Instant.now(), RouterFixtures.movement(5)))
                    .replace("\"OUT\"", "\"SIDEWAYS\"");
        };
        return new Sent(kind, false, kind.equals("profile-payload-wrong-type"), subject, body);
    }

    @Property
    void everyMalformedMessageIsDeadLetteredWithAReasonAndTheRestOfItsBatchIsWritten(@ForAll("batches") List<Sent> batch) {
        List<String> profileFeed = new ArrayList<>();
        List<String> activityFeed = new ArrayList<>();
        batch.forEach(sent -> (sent.profileFeed() ? profileFeed : activityFeed).add(sent.body()));
        if (!profileFeed.isEmpty()) {
            harness.queues.send(harness.profileQueue, profileFeed);
        }
        if (!activityFeed.isEmpty()) {
            harness.queues.send(harness.activityQueue, activityFeed);
        }
        long malformed = batch.stream().filter(s -> !s.valid()).count();

        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    harness.queues.depth(harness.profileQueue) == 0 && harness.queues.depth(harness.activityQueue) == 0
                            && deadLetters() >= malformed);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not settled within 60 s: " + harness.queues.depth(harness.profileQueue) + " + "
                    + harness.queues.depth(harness.activityQueue) + " left on the queues, " + deadLetters() + " of " + malformed
                    + " dead-lettered, for " + batch);
        }

        List<Message> dead = new ArrayList<>(harness.queues.drain(harness.profileQueue + "-dlq"));
        dead.addAll(harness.queues.drain(harness.activityQueue + "-dlq"));
        assertThat(dead).as("dead letters of %s", batch).hasSize((int) malformed)
                .allSatisfy(m -> assertThat(m.messageAttributes().get("dlq-reason").stringValue()).isNotBlank());
        for (Sent sent : batch) {
            boolean inMongo = harness.mongo.getCollection(BaseBCollections.PROFILES).countDocuments(Filters.eq("_id", sent.subject().value())) > 0;
            boolean inElasticsearch = !harness.allDocuments(sent.subject()).isEmpty();
            if (sent.valid()) {
                assertThat(inMongo || inElasticsearch).as("written: %s", sent).isTrue();
            } else {
                assertThat(inMongo || inElasticsearch).as("nothing written for %s", sent).isFalse();
            }
        }
        assertThat(router.isRunning()).isTrue();
    }

    private static int deadLetters() {
        return Math.max(0, harness.queues.depth(harness.profileQueue + "-dlq")) + Math.max(0, harness.queues.depth(harness.activityQueue + "-dlq"));
    }
}
