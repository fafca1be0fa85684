package io.consumidor.system;

import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileDocument;
import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.ConsumerProfile;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.Payloads;
import io.consumidor.core.subject.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three stream-router processes on the same queues, as replicas scale out: a mixed stream in which every consumer's
 * profile arrives in three versions, shuffled, is split between them; one replica is killed with SIGKILL mid-stream.
 * Every message is written exactly once (exact counts in Base B and Base C, dead-letter queues empty), and every
 * consumer ends at their newest version whichever replica got which version first — the version guard decides, not
 * the order of arrival, so per-subject order needs no single consumer.
 */
class RouterReplicasIT {

    private static final int SUBJECTS = 800;
    private static final int VERSIONS = 3;
    private static final int ACTIVITY = 1600;

    private final PipelineStores stores = new PipelineStores();
    private final EventCodec codec = new EventCodec();
    private final String keyId = "r" + stores.suffix;
    private final List<AppProcess> routers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        routers.forEach(AppProcess::close);
        stores.close();
    }

    @Test
    void threeReplicasOneKilledWriteEveryMessageOnceAndEveryConsumerEndsAtTheNewestVersion() {
        String[] fastRedelivery = {"spring.cloud.stream.sqs.bindings.route-in-0.consumer.visibility-timeout=5s"};
        for (int i = 1; i <= 3; i++) {
            routers.add(stores.startRouter("router-replica-" + i + "-" + stores.suffix, fastRedelivery));
        }
        List<Subject> subjects = new ArrayList<>();
        List<String> profileEvents = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < SUBJECTS; i++) {
            Subject subject = subject();
            subjects.add(subject);
            for (int version = 1; version <= VERSIONS; version++) {
                profileEvents.add(codec.write(EventEnvelope.fromBaseA(EventType.CONSUMER_PROFILE, now.plusSeconds(version), version, subject,
                        Payloads.json(new ConsumerProfile(1950 + version, "SP", List.of(), List.of(), DebtSummary.NONE)))));
            }
        }
        Collections.shuffle(profileEvents, new Random(7));
        List<String> activityEvents = new ArrayList<>();
        for (int i = 0; i < ACTIVITY; i++) {
            Subject subject = subjects.get(i % SUBJECTS);
            EventType type = (i / SUBJECTS) % 2 == 0 ? EventType.CARD_PURCHASE : EventType.BUREAU_QUERY; // each subject gets both
            Record payload = type == EventType.CARD_PURCHASE
                    ? new CardPurchase(new BigDecimal("42.50"), "BRL", "5411", null, CardPurchase.Channel.ONLINE)
                    : new BureauQuery("consumidor", "credit", "bank-1", null);
            activityEvents.add(codec.write(EventEnvelope.external(type, now.minusSeconds(i), subject, Payloads.json(payload))));
        }
        // Sent while the replicas consume: the kill lands in the middle of the stream, not after it.
        Thread profileSender = new Thread(() -> stores.queues.send(stores.profileQueue, profileEvents), "profile-sender");
        Thread activitySender = new Thread(() -> stores.queues.send(stores.activityQueue, activityEvents), "activity-sender");
        profileSender.start();
        activitySender.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> stores.profiles() >= 50);
        routers.get(0).kill();
        int left = stores.queues.depth(stores.profileQueue) + stores.queues.depth(stores.activityQueue);
        boolean sending = profileSender.isAlive() || activitySender.isAlive();
        System.out.printf("one of three routers killed with %d messages still on the queues%s%n", left, sending ? ", the stream still being sent" : "");
        assertThat(sending || left > 0).as("killed mid-stream").isTrue();
        try {
            profileSender.join();
            activitySender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stores.queues.depth(stores.profileQueue) == 0 && stores.queues.depth(stores.activityQueue) == 0
                        && stores.count("events", keyId + "_") >= ACTIVITY && stores.profiles() >= SUBJECTS);
        // Longer than one visibility time-out: a late redelivery that wrote twice would show within it.
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> stores.profiles() == SUBJECTS && stores.count("events", keyId + "_") == ACTIVITY);

        for (Subject subject : subjects) {
            ProfileDocument profile = stores.profile(subject.value());
            assertThat(profile.profile().personal().sourceVersion()).as("newest version of " + subject.keyId()).isEqualTo(VERSIONS);
            assertThat(profile.profile().personal().value().birthYear()).isEqualTo(1950 + VERSIONS);
        }
        assertThat(stores.mongo.getCollection(BaseBCollections.PROFILES).countDocuments()).isEqualTo(SUBJECTS);
        assertThat(stores.count("latest", keyId + "_")).as("one latest document per subject and type").isEqualTo(2L * SUBJECTS);
        assertThat(stores.queues.depth(stores.profileQueue + "-dlq")).isZero();
        assertThat(stores.queues.depth(stores.activityQueue + "-dlq")).isZero();
    }

    private Subject subject() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return new Subject(keyId + "_" + HexFormat.of().formatHex(bytes));
    }
}
