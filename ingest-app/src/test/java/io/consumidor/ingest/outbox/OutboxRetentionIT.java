package io.consumidor.ingest.outbox;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.ingest.consumer.ConsumerRequest;
import io.consumidor.ingest.consumer.ConsumerService;
import io.consumidor.testsupport.TestCpfs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox keeps no history: an erased subject's rows go at the erasure (the tombstone alone stays, to be sent),
 * and sent rows go once the retention has passed while unsent and recent ones stay. Retention zero here; the relay
 * polls once an hour, so the test decides what is sent.
 */
@SpringBootTest(properties = {"consumidor.ingest.outbox.sent-retention=0s", "consumidor.ingest.outbox.poll-interval=1h"})
class OutboxRetentionIT {

    @Autowired
    ConsumerService consumers;

    @Autowired
    SubjectPseudonymizer pseudonymizer;

    @Autowired
    OutboxPurger purger;

    @Autowired
    JdbcClient jdbc;

    private long rows(Cpf cpf) {
        return jdbc.sql("SELECT count(*) FROM base_a.outbox WHERE subject = ?").param(pseudonymizer.subjectOf(cpf).value())
                .query(Long.class).single();
    }

    @Test
    void anErasedSubjectLeavesOnlyItsTombstoneInTheOutbox() {
        Cpf cpf = TestCpfs.random();
        consumers.register(cpf, request("Rita Apagada"), null);
        consumers.find(cpf, "auditor", "test", "credit-analysis");
        assertThat(rows(cpf)).as("the profile and the lookup").isEqualTo(2);

        consumers.erase(cpf);

        assertThat(jdbc.sql("SELECT event_type FROM base_a.outbox WHERE subject = ?").param(pseudonymizer.subjectOf(cpf).value())
                .query(String.class).list()).containsExactly("consumer.erased");
        assertThat(jdbc.sql("SELECT count(*) FROM base_a.outbox WHERE envelope::text LIKE '%auditor%' AND subject = ?")
                .param(pseudonymizer.subjectOf(cpf).value()).query(Long.class).single()).isZero();
    }

    @Test
    void sentRowsPastTheRetentionArePurgedUnsentOnesStay() {
        Cpf sent = TestCpfs.random();
        Cpf unsent = TestCpfs.random();
        consumers.register(sent, request("Enviada"), null);
        consumers.register(unsent, request("Pendente"), null);
        jdbc.sql("UPDATE base_a.outbox SET sent_at = now() - interval '1 second' WHERE subject = ?")
                .param(pseudonymizer.subjectOf(sent).value()).update();

        int purged = purger.purge();

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(rows(sent)).isZero();
        assertThat(rows(unsent)).as("not sent yet: kept for the relay").isEqualTo(1);
    }

    private static ConsumerRequest request(String name) {
        return new ConsumerRequest(name, new ConsumerRequest.Address("Rua Um", "1", null, "Natal", "RN", "59000000"),
                LocalDate.of(1980, 5, 1), List.of(new ConsumerRequest.Debt("11222333000181", new BigDecimal("10.00"), "BRL",
                LocalDate.of(2026, 1, 1), ConsumerRequest.DebtStatus.OPEN, "CTR-1")), List.of(), List.of());
    }
}
