package io.consumidor.system;

import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.ConsumerProfile;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.FinancialMovement;
import io.consumidor.core.payload.Payloads;
import io.consumidor.core.subject.Subject;

import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The router process killed with SIGKILL in the middle of a stream and started again: every message ends up
 * written exactly once — the counts in both stores equal what was sent, no more (idempotent writes absorb
 * the redeliveries of the batches that were in flight), no less (nothing was acknowledged before its writes).
 */
class RouterKillIT {

    private static final int SUBJECTS = 1500;
    private static final int ACTIVITY = 2500;
    private static final List<EventType> ACTIVITY_TYPES = List.of(EventType.CARD_PURCHASE, EventType.FINANCIAL_MOVEMENT,
            EventType.BUREAU_QUERY);

    private final PipelineStores stores = new PipelineStores();
    private final EventCodec codec = new EventCodec();
    /** A key id of this run only: every subject written here starts with it, so counts ignore other tests. */
    private final String keyId = "k" + stores.suffix;
    private final List<AppProcess> routers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        routers.forEach(AppProcess::close);
        stores.close();
    }

    @Test
    void killedMidStreamAndRestartedWritesEveryMessageExactlyOnce() {
        // Short visibility, so what the killed router had received comes back within seconds.
        String[] fastRedelivery = {"spring.cloud.stream.sqs.bindings.route-in-0.consumer.visibility-timeout=5s"};
        AppProcess first = start("router-kill-first", fastRedelivery);

        List<Subject> subjects = new ArrayList<>();
        List<String> profileEvents = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < SUBJECTS; i++) {
            Subject subject = subject();
            subjects.add(subject);
            profileEvents.add(codec.write(EventEnvelope.fromBaseA(EventType.CONSUMER_PROFILE, now, 1, subject,
                    Payloads.json(new ConsumerProfile(1950 + i % 50, "SP", List.of(), List.of(), DebtSummary.NONE)))));
        }
        List<String> activityEvents = new ArrayList<>();
        Set<String> latestKeys = new HashSet<>();
        for (int i = 0; i < ACTIVITY; i++) {
            Subject subject = subjects.get(i % SUBJECTS);
            EventType type = ACTIVITY_TYPES.get(i % ACTIVITY_TYPES.size());
            if (type != EventType.FINANCIAL_MOVEMENT) {
                latestKeys.add(subject.value() + "|" + type.wireName());
            }
            Record payload = switch (type) {
                case CARD_PURCHASE -> new CardPurchase(new BigDecimal("42.50"), "BRL", "5411", null, CardPurchase.Channel.ONLINE);
                case FINANCIAL_MOVEMENT -> new FinancialMovement(new BigDecimal("1000"), "BRL", FinancialMovement.Direction.IN,
                        FinancialMovement.Kind.PIX);
                default -> new BureauQuery("consumidor", "credit", "bank-1", null);
            };
            activityEvents.add(codec.write(EventEnvelope.external(type, now.minusSeconds(i), subject, Payloads.json(payload))));
        }
        Thread profileSender = new Thread(() -> stores.queues.send(stores.profileQueue, profileEvents), "profile-sender");
        profileSender.start();
        stores.queues.send(stores.activityQueue, activityEvents);
        join(profileSender);

        long total = SUBJECTS + ACTIVITY;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> written() >= total / 5);
        first.kill();
        long atKill = written();
        int leftOnQueues = stores.queues.depth(stores.profileQueue) + stores.queues.depth(stores.activityQueue);
        System.out.printf("router killed with %d of %d messages written, %d still on the queues%n", atKill, total, leftOnQueues);
        assertThat(atKill).as("killed mid-stream, not after the end").isLessThan(total);
        assertThat(leftOnQueues).as("messages still on the queues (visible or in flight) at the kill").isPositive();

        start("router-kill-second", fastRedelivery);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> written() >= total && stores.queues.depth(stores.profileQueue) == 0
                        && stores.queues.depth(stores.activityQueue) == 0);
        // The exact counts must hold for longer than one visibility time-out (5 s): a late redelivery that
        // wrote a second document would break them within that window.
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> stores.profiles() == SUBJECTS && stores.count("events", keyId + "_") == ACTIVITY);

        assertThat(stores.profiles()).isEqualTo(SUBJECTS);
        assertThat(stores.count("events", keyId + "_")).isEqualTo(ACTIVITY);
        assertThat(stores.mongo.getCollection(io.consumidor.baseb.BaseBCollections.PROFILE_HISTORY).countDocuments())
                .as("one history entry per fact, redeliveries absorbed").isEqualTo(2L * SUBJECTS);
        assertThat(stores.count("latest", keyId + "_")).isEqualTo(latestKeys.size());
        assertThat(stores.queues.depth(stores.profileQueue + "-dlq")).isZero();
        assertThat(stores.queues.depth(stores.activityQueue + "-dlq")).isZero();
    }

    private AppProcess start(String name, String... properties) {
        AppProcess router = stores.startRouter(name, properties);
        routers.add(router);
        return router;
    }

    private long written() {
        return stores.profiles() + stores.count("events", keyId + "_");
    }

    private Subject subject() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return new Subject(keyId + "_" + HexFormat.of().formatHex(bytes));
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
