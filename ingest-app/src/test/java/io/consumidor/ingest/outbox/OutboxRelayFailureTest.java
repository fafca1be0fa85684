package io.consumidor.ingest.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Logic of the relay's parallel drain alone (the real stores are exercised by the ITs): when a claim fails —
 * the database away — the caller sees that failure itself, not a wrapper from the claim threads, so the
 * scheduler logs what happened.
 */
class OutboxRelayFailureTest {

    @Test
    void aFailedClaimReachesTheCallerAsItself() {
        OutboxStore databaseAway = new OutboxStore(null, null) {
            @Override
            List<PendingEvent> claimDue(int limit) {
                throw new CannotGetJdbcConnectionException("database away");
            }
        };
        OutboxProperties properties = new OutboxProperties(200, 8, 2, Duration.ofMillis(200), Duration.ofMillis(500),
                Duration.ofSeconds(60), "profile", "activity", "", Duration.ofDays(7), Duration.ofHours(1));
        OutboxRelay relay = new OutboxRelay(databaseAway, null, properties, new TransactionTemplate(new NoTransactions()),
                new SimpleMeterRegistry());
        try {
            assertThatThrownBy(relay::drainAll).isInstanceOf(CannotGetJdbcConnectionException.class).hasMessage("database away");
        } finally {
            relay.stop();
        }
    }

    private static final class NoTransactions implements PlatformTransactionManager {
        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
        }

        @Override
        public void rollback(TransactionStatus status) {
        }
    }
}
