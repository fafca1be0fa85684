package io.consumidor.ingest.replay;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.payload.ConsumerProfile;
import io.consumidor.core.payload.Payloads;
import io.consumidor.ingest.consumer.ConsumerRequest;
import io.consumidor.ingest.consumer.ConsumerService;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Base B replay in a database of its own (it walks every consumer there is). The relay is idle (1 h poll). */
@SpringBootTest(properties = "consumidor.ingest.outbox.poll-interval=1h")
class BaseBReplayIT {

    private static final String DATABASE = TestDatabases.createPostgres("replay_it");

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
    }

    @AfterAll
    static void dropDatabase() {
        TestDatabases.dropPostgres(DATABASE);
    }

    @Autowired
    ConsumerService consumers;

    @Autowired
    BaseBReplay replay;

    @Autowired
    JdbcClient jdbc;

    private final EventCodec codec = new EventCodec();

    @Test
    void republishesEveryConsumersFactsAndDebtsAtItsCurrentVersionWithoutChangingBaseA() {
        List<Cpf> cpfs = List.of(TestCpfs.random(), TestCpfs.random(), TestCpfs.random());
        cpfs.forEach(cpf -> consumers.register(cpf, request(), null));
        consumers.addDebt(cpfs.get(0), new ConsumerRequest.Debt("11222333000181", new BigDecimal("99.90"), "BRL",
                LocalDate.of(2026, 2, 1), ConsumerRequest.DebtStatus.DEFAULTED, "CTR-R2"));
        String before = baseA();
        long lastEvent = jdbc.sql("SELECT max(id) FROM base_a.outbox").query(Long.class).single();

        BaseBReplay.Result result = replay.run(true, line -> { });

        assertThat(result.consumers()).isEqualTo(3);
        assertThat(result.events()).isEqualTo(3);
        assertThat(result.unreadable()).isZero();
        assertThat(baseA()).as("Base A is only read").isEqualTo(before);
        Map<String, Long> versions = jdbc.sql("SELECT subject, source_version FROM base_a.outbox WHERE id <= ? AND event_type IN "
                        + "('consumer.profile', 'consumer.debt_summary')").param(lastEvent)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Math::max));
        List<EventEnvelope> replayed = replayedSince(lastEvent);
        assertThat(replayed).hasSize(3).allSatisfy(event -> {
            assertThat(event.type()).isEqualTo("consumer.profile");
            assertThat(event.sourceVersion()).isEqualTo(versions.get(event.subject().value()));
            ConsumerProfile profile = Payloads.read(event, ConsumerProfile.class);
            assertThat(profile.region()).isEqualTo("RN");
            assertThat(profile.assets()).hasSize(1);
            assertThat(profile.incomeSources()).hasSize(1);
        });
        assertThat(replayed).anySatisfy(event -> assertThat(Payloads.read(event, ConsumerProfile.class).debtSummary().defaultedCount()).isOne());
    }

    @Test
    void aStoppedReplayResumesAfterItsLastCommittedPage() {
        List<Cpf> cpfs = List.of(TestCpfs.random(), TestCpfs.random(), TestCpfs.random());
        cpfs.forEach(cpf -> consumers.register(cpf, request(), null));
        List<Long> ids = jdbc.sql("SELECT id FROM base_a.consumer ORDER BY id").query(Long.class).list();
        // Where a replay killed after committing its page up to the second-last consumer stands.
        jdbc.sql("INSERT INTO base_a.replay (name) VALUES ('base-b') ON CONFLICT DO NOTHING").update();
        jdbc.sql("UPDATE base_a.replay SET last_consumer_id = ?, consumers = 1, finished_at = NULL WHERE name = 'base-b'")
                .param(ids.get(ids.size() - 2)).update();
        long lastEvent = jdbc.sql("SELECT max(id) FROM base_a.outbox").query(Long.class).single();
        List<String> progress = new ArrayList<>();

        BaseBReplay.Result result = replay.run(false, progress::add);

        assertThat(result.resumed()).isTrue();
        assertThat(result.consumers()).isEqualTo(1);
        assertThat(replayedSince(lastEvent)).hasSize(1);
        assertThat(progress.get(0)).startsWith("resuming the replay: 1 consumers");
        assertThat(jdbc.sql("SELECT finished_at IS NOT NULL FROM base_a.replay WHERE name = 'base-b'").query(Boolean.class).single()).isTrue();
    }

    private List<EventEnvelope> replayedSince(long outboxId) {
        return jdbc.sql("SELECT envelope::text FROM base_a.outbox WHERE id > ? ORDER BY id").param(outboxId)
                .query(String.class).list().stream().map(codec::read).toList();
    }

    private String baseA() {
        return jdbc.sql("SELECT string_agg(id || ':' || version || ':' || updated_at, ',' ORDER BY id) FROM base_a.consumer")
                .query(String.class).single()
                + jdbc.sql("SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM base_a.debt").query(String.class).single();
    }

    private static ConsumerRequest request() {
        return new ConsumerRequest("Replay Teste", new ConsumerRequest.Address("Rua Três", "3", null, "Natal", "RN", "59000000"),
                LocalDate.of(1982, 5, 5),
                List.of(new ConsumerRequest.Debt("11222333000181", new BigDecimal("40.00"), "BRL", LocalDate.of(2026, 4, 1),
                        ConsumerRequest.DebtStatus.OPEN, "CTR-R1")),
                List.of(new ConsumerRequest.Asset(io.consumidor.core.payload.Asset.AssetKind.REAL_ESTATE, new BigDecimal("300000"), true)),
                List.of(new ConsumerRequest.IncomeSource(io.consumidor.core.payload.IncomeSource.IncomeKind.RETIREMENT,
                        new BigDecimal("2800"), LocalDate.of(2015, 1, 1))));
    }
}
