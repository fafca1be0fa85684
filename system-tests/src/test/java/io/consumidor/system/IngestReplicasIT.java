package io.consumidor.system;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.event.EventCodec;
import io.consumidor.testsupport.TestCpfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two ingest-app replicas on one Base A, behind one client that sends each registration to the next replica (and to
 * the other when one does not answer); one replica is killed with SIGKILL while its outbox relay is busy. The outbox is
 * relayed once: every row is sent and marked sent, the replicas' relays never send the same row while both live
 * ({@code SKIP LOCKED} claims), and the only repeats are rows the killed relay had sent but not yet marked — at most
 * its claims in flight — which the survivor resends (at-least-once; the router's version guard makes them no-ops).
 */
class IngestReplicasIT {

    private static final int CONSUMERS = 300;
    private static final int BATCH = 20;
    private static final int CLAIMS = 2;

    private final PipelineStores stores = new PipelineStores();
    private final EventCodec codec = new EventCodec();
    private final List<IngestApi> replicas = new ArrayList<>();

    @AfterEach
    void tearDown() {
        replicas.forEach(r -> r.process.close());
        stores.close();
    }

    @Test
    void twoReplicasRelayEveryOutboxRowAndAKilledRelayResendsOnlyWhatItHadNotMarked() {
        String[] relay = {"consumidor.ingest.outbox.batch-size=" + BATCH, "consumidor.ingest.outbox.claim-concurrency=" + CLAIMS};
        replicas.add(IngestApi.start(stores, "ingest-replica-1-" + stores.suffix, relay));
        replicas.add(IngestApi.start(stores, "ingest-replica-2-" + stores.suffix, relay));
        boolean killed = false;
        for (int i = 0; i < CONSUMERS; i++) {
            if (i == CONSUMERS / 3) {
                replicas.get(0).process.kill();
                killed = true;
            }
            Cpf cpf = TestCpfs.random();
            String body = """
                    {"name":"Pessoa %d","address":{"street":"Rua %d","number":"1","complement":null,"city":"Recife","state":"PE","postalCode":"50000000"},
                     "birthDate":"1980-01-01","debts":[],"assets":[],"incomeSources":[]}""".formatted(i, i);
            HttpResponse<String> answer = register(i, cpf, body, killed);
            assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> pending() == 0);
        List<String> rows = stores.postgres().sql("SELECT event_id::text FROM base_a.outbox").query(String.class).list();
        assertThat(rows).as("each registration's events").hasSizeGreaterThanOrEqualTo(CONSUMERS);
        Map<String, Integer> delivered = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String queue : List.of(stores.profileQueue, stores.activityQueue)) {
                if (stores.queues.depth(queue) < 0) {
                    continue; // a feed this stream never used: its queue was never created
                }
                for (Message message : stores.queues.drain(queue)) {
                    delivered.merge(codec.read(message.body()).eventId().toString(), 1, Integer::sum);
                }
            }
            return delivered.keySet().containsAll(rows);
        });
        int repeats = delivered.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("%d outbox rows relayed by two replicas, one killed: %d delivered, %d repeat(s)%n", rows.size(),
                delivered.values().stream().mapToInt(Integer::intValue).sum(), repeats);
        assertThat(delivered.keySet()).as("nothing but the outbox's rows").isEqualTo(Set.copyOf(rows));
        assertThat(repeats).as("only rows the killed relay had in flight are sent again").isLessThanOrEqualTo(BATCH * CLAIMS);
    }

    /** The client: the next replica in turn, the other one when it does not answer. */
    private HttpResponse<String> register(int i, Cpf cpf, String body, boolean firstKilled) {
        List<IngestApi> order = firstKilled ? List.of(replicas.get(1)) : i % 2 == 0 ? replicas : List.of(replicas.get(1), replicas.get(0));
        RuntimeException last = null;
        for (IngestApi replica : order) {
            try {
                return replica.send("PUT", "/consumers/" + cpf.digits(), "base-a:write", body);
            } catch (UncheckedIOException e) {
                last = e;
            }
        }
        throw last;
    }

    private long pending() {
        return stores.postgres().sql("SELECT count(*) FROM base_a.outbox WHERE sent_at IS NULL").query(Long.class).single();
    }
}
