package io.consumidor.system;

import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.ProfileDocument;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.testsupport.TestCpfs;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Across the seams, with no fixture in between: consumers registered through Base A's API, their debts changed,
 * bureau queries made (lookups) and reported (intake) → outbox → SQS → router → Base B and C → the rating job
 * as a process. The scores and reason codes are those the registered facts earn on the scorecard, worked out
 * by hand below. Then an erasure leaves no trace in any collection, and Base B, wiped, is rebuilt from Base A
 * by the replay — twice, to the same state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineRatingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
    private static final LocalDate TODAY = LocalDate.now(ZONE);

    private static PipelineStores stores;
    private static final List<AppProcess> apps = new ArrayList<>();
    private static IngestApi api;
    /** best, looked up five times, with unpaid debts, with bureau queries reported through the intake */
    private static final Map<String, Cpf> CPFS = new TreeMap<>();
    private static final Map<String, String> SUBJECTS = new TreeMap<>();

    @BeforeAll
    static void start() {
        stores = new PipelineStores();
        apps.add(stores.startRouter("rating-router"));
        api = IngestApi.start(stores, "rating-ingest-app");
        apps.add(api.process);
    }

    @AfterAll
    static void stop() {
        apps.forEach(AppProcess::close);
        stores.close();
    }

    /** Every characteristic in its best bin: 780 points, score 1000 — unless a test below changes one thing. */
    private static String consumer(String debts) {
        return """
                {"name":"Pessoa Teste","address":{"street":"Rua Um","number":"1","complement":null,"city":"Recife","state":"PE","postalCode":"50000000"},
                 "birthDate":"1980-05-05","debts":[%s],
                 "assets":[{"kind":"REAL_ESTATE","value":400000,"paidOff":true}],
                 "incomeSources":[{"kind":"EMPLOYMENT","monthlyAmount":9000,"since":"2010-01-01"},
                                  {"kind":"RENTAL","monthlyAmount":2000,"since":"2015-01-01"},
                                  {"kind":"RETIREMENT","monthlyAmount":1500,"since":"2018-01-01"}]}""".formatted(debts);
    }

    private static String debt(String amount, String status, LocalDate due) {
        return """
                {"creditorCnpj":"11222333000181","amount":%s,"currency":"BRL","dueDate":"%s","status":"%s","contractReference":"CTR-%s"}"""
                .formatted(amount, due, status, UUID.randomUUID().toString().substring(0, 6));
    }

    private static JsonNode register(String name, String body) {
        Cpf cpf = TestCpfs.random();
        HttpResponse<String> response = api.send("PUT", "/consumers/" + cpf.digits(), "base-a:write", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode consumer = JSON.readTree(response.body());
        CPFS.put(name, cpf);
        SUBJECTS.put(name, consumer.get("subject").asString());
        return consumer;
    }

    @Test
    @Order(1)
    void ratingsOfConsumersRegisteredThroughTheApiAreWhatTheirFactsEarn() {
        register("best", consumer(""));
        register("looked-up", consumer(""));
        JsonNode unpaid = register("unpaid", consumer(debt("500.00", "OPEN", TODAY.minusDays(40))));
        register("queried", consumer(""));
        // Debts changed after registering: a defaulted debt added, the first one settled.
        assertThat(api.send("POST", "/consumers/" + CPFS.get("unpaid").digits() + "/debts", "base-a:write",
                debt("2000.00", "DEFAULTED", TODAY.minusDays(100))).statusCode()).isEqualTo(201);
        assertThat(api.send("POST", "/consumers/" + CPFS.get("unpaid").digits() + "/debts/" + unpaid.get("debts").get(0).get("id").asLong()
                + "/settle", "base-a:write", null).statusCode()).isEqualTo(204);
        // Five lookups are five bureau queries; three queries reported by a partner bureau, one of them too old.
        for (int i = 0; i < 5; i++) {
            assertThat(api.send("GET", "/consumers/" + CPFS.get("looked-up").formatted(), "base-a:read", null).statusCode()).isEqualTo(200);
        }
        String cpf = CPFS.get("queried").digits();
        HttpResponse<String> reported = api.send("POST", "/events", IngestApi.PRODUCER, """
                {"events":[
                  {"type":"bureau.query","schemaVersion":1,"occurredAt":"%s","cpf":"%s","payload":{"bureau":"serasa","purpose":"credit"}},
                  {"type":"bureau.query","schemaVersion":1,"occurredAt":"%s","cpf":"%s","payload":{"bureau":"serasa","purpose":"credit"}},
                  {"type":"bureau.query","schemaVersion":1,"occurredAt":"%s","cpf":"%s","payload":{"bureau":"serasa","purpose":"credit"}}]}"""
                .formatted(Instant.now().minus(Duration.ofDays(10)), cpf, Instant.now().minus(Duration.ofDays(20)), cpf,
                        Instant.now().minus(Duration.ofDays(120)), cpf));
        assertThat(reported.statusCode()).as(reported.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                SUBJECTS.values().stream().allMatch(this::baseBHasTheLatestVersion)
                        && stores.documents("events", SUBJECTS.get("looked-up")).size() == 5
                        && stores.documents("events", SUBJECTS.get("queried")).size() == 3);

        AppProcess job = AppProcess.start(stores.stack, "jobs/job-host", "rating-job", stores.environment(),
                List.of("run", "ratingRecompute", "mode=full", "runDate=" + TODAY), () -> true);
        assertThat(job.awaitExit(Duration.ofMinutes(3))).as(job.tail()).isZero();

        // best: 780 points → 1000. looked-up: 5 queries in 90 days → R11 15 of 40 → 755 → round(1000·715/740) = 966.
        // unpaid: 1 defaulted (R01 60 of 150), 100 days overdue (R02 10 of 100), 2000 owed (R04 35 of 60), 1 unpaid
        // debt (R03 60 of 80) → 555 → 696. queried: 2 queries in the window (R11 30 of 40) → 770 → 986.
        assertRating("best", 1000, List.of());
        assertRating("looked-up", 966, List.of("R11"));
        assertRating("unpaid", 696, List.of("R01", "R02", "R04", "R03"));
        assertRating("queried", 986, List.of("R11"));
    }

    private boolean baseBHasTheLatestVersion(String subject) {
        Long latest = stores.postgres().sql("""
                        SELECT max(source_version) FROM base_a.outbox WHERE subject = ?
                           AND event_type IN ('consumer.profile', 'consumer.debt_summary')""").param(subject).query(Long.class).single();
        ProfileDocument profile = stores.profile(subject);
        return profile != null && profile.profile().debts() != null && latest != null
                && profile.profile().debts().sourceVersion() == latest;
    }

    private static void assertRating(String name, int score, List<String> reasons) {
        Document rating = stores.mongo.getCollection(BaseBCollections.RATINGS).find(Filters.eq("_id", SUBJECTS.get(name))).first();
        assertThat(rating).as(name).isNotNull();
        assertThat(rating.getInteger("score")).as(name).isEqualTo(score);
        assertThat(rating.getList("reasons", Document.class)).extracting(r -> r.getString("code")).as(name).containsExactlyElementsOf(reasons);
        assertThat(rating.getString("modelVersion")).isEqualTo("consumidor-scorecard-1.1");
    }

    @Test
    @Order(2)
    void anErasedConsumerLeavesNoTraceInAnyCollection() {
        String subject = SUBJECTS.get("unpaid");
        assertThat(stores.mentioning(subject)).containsKeys(BaseBCollections.PROFILES, BaseBCollections.PROFILE_HISTORY,
                BaseBCollections.RATINGS, BaseBCollections.RATING_HISTORY);

        assertThat(api.send("DELETE", "/consumers/" + CPFS.get("unpaid").digits(), "base-a:erase", null).statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> stores.profile(subject).isTombstone());
        Map<String, List<Document>> left = stores.mentioning(subject);
        assertThat(left).as("every collection listed: only the fact-free tombstone and the erasure ledger's entry are left")
                .containsOnlyKeys(BaseBCollections.PROFILES, BaseBCollections.ERASURE_LEDGER);
        assertThat(left.get(BaseBCollections.PROFILES)).singleElement()
                .satisfies(doc -> assertThat(doc.keySet()).containsExactlyInAnyOrder("_id", "erasure", "updatedAt"));
        assertThat(stores.mongo.getCollection(BaseBCollections.RATINGS).countDocuments()).as("the others' ratings stay").isEqualTo(3);
        CPFS.remove("unpaid");
        SUBJECTS.remove("unpaid");
    }

    @Test
    @Order(3)
    void aWipedBaseBIsRebuiltFromBaseAAndReplayingAgainChangesNothing() {
        Map<String, String> before = currentFacts();
        assertThat(before).hasSize(3);
        stores.mongo.getCollection(BaseBCollections.PROFILES).drop();
        stores.mongo.getCollection(BaseBCollections.PROFILE_HISTORY).drop();

        replay("replay-1");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> currentFacts().equals(before));
        Map<String, String> rebuilt = state();

        replay("replay-2");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> stores.queues.depth(stores.profileQueue) == 0 && state().equals(rebuilt));
        assertThat(state()).isEqualTo(rebuilt);
        assertThat(stores.queues.depth(stores.profileQueue + "-dlq")).isZero();
    }

    private static void replay(String name) {
        AppProcess replay = AppProcess.start(stores.stack, "ingest-app", name, stores.environment(),
                List.of("--replay=base-b", "--spring.main.web-application-type=none"), () -> true);
        assertThat(replay.awaitExit(Duration.ofMinutes(3))).as(replay.tail()).isZero();
        assertThat(replay.tail()).contains("Replayed 3 consumers as 3 events");
    }

    /** Per live subject: each group's value and version (what Base B knows, without when it learned it). */
    private static Map<String, String> currentFacts() {
        Map<String, String> facts = new TreeMap<>();
        for (String subject : SUBJECTS.values()) {
            ProfileDocument profile = stores.profile(subject);
            if (profile == null) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (ProfileGroup group : ProfileGroup.values()) {
                Fact<?> fact = profile.profile().fact(group);
                text.append(group.fieldName()).append('=').append(fact == null ? "-" : fact.value() + "@" + fact.sourceVersion()).append(' ');
            }
            facts.put(subject, text.toString());
        }
        return facts;
    }

    /** The current facts and the ids of every history entry. */
    private static Map<String, String> state() {
        Map<String, String> state = new TreeMap<>(currentFacts());
        ProfileHistory history = new ProfileHistory(stores.mongo);
        SUBJECTS.values().forEach(subject -> state.put(subject + ":history",
                history.entries(subject).stream().map(e -> e.id()).toList().toString()));
        return state;
    }
}
