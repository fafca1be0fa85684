package io.consumidor.system;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.client.Answer;
import io.consumidor.baseaqueue.client.BaseAQueueClient;
import io.consumidor.baseaqueue.client.BaseAQueueException;
import io.consumidor.baseaqueue.client.ClientSettings;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestCpfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Base A's queue worker as deployed, an ingest-app process, through its failures: killed with SIGKILL while it
 * holds a request (stuck storing the answer in an S3 that never responds), the request comes back after its
 * visibility timeout and a second worker answers it once; with S3 unreachable, an answer too large for a message
 * is a 503 error reply, never a truncated one; with the answered record failing after the reply went out, the
 * request is left for redelivery and recorded once. A 1 KB inline limit sends every answer through S3.
 */
class BaseAQueueKillIT {

    private static final String[] CLAIM_CHECK_EVERYTHING = {
            "consumidor.ingest.queue.inline-limit=1KB", "consumidor.ingest.queue.visibility-timeout=5s"};

    private final PipelineStores stores = new PipelineStores();
    private final LocalIssuer issuer = new LocalIssuer(stores.stack.settings());
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        stores.close();
    }

    private IngestApi worker(String name, String s3Endpoint, String... more) {
        List<String> arguments = new ArrayList<>(List.of(CLAIM_CHECK_EVERYTHING));
        arguments.add("consumidor.ingest.queue.s3.endpoint=" + s3Endpoint);
        arguments.addAll(List.of(more));
        IngestApi api = IngestApi.start(stores, name, arguments.toArray(String[]::new));
        closing.add(api.process);
        return api;
    }

    private BaseAQueueClient client(String name, Duration timeout) throws IOException {
        String workerKey = Files.readString(stores.stack.settings().stateDir().resolve("keys").resolve(BaseAQueue.DEV_WORKER_PUBLIC_KEYSET_FILE));
        S3Client s3 = stores.s3();
        closing.add(s3);
        BaseAQueueClient client = BaseAQueueClient.start(stores.queues.client(), s3, ClientSettings.of(stores.namespace, name, workerKey,
                stores.stack.s3Bucket(), () -> issuer.token("kill-test", List.of("base-a:read"), Duration.ofMinutes(5),
                        BaseAQueue.TOKEN_AUDIENCE)).withTimeout(timeout, 1));
        closing.add(client);
        return client;
    }

    private static Cpf register(IngestApi api) {
        Cpf cpf = TestCpfs.random();
        assertThat(api.send("PUT", "/consumers/" + cpf.digits(), "base-a:write", """
                {"name":"Rita Redelivery","address":{"street":"Rua Um","number":"1","complement":null,"city":"Natal","state":"RN","postalCode":"59000000"},
                 "birthDate":"1979-02-02","debts":[{"creditorCnpj":"11222333000181","amount":10.00,"currency":"BRL","dueDate":"2027-01-10","status":"OPEN","contractReference":"K-1"}],
                 "assets":[],"incomeSources":[]}""").statusCode()).isEqualTo(201);
        return cpf;
    }

    @Test
    void aWorkerKilledMidRequestLeavesItToTheNextWhichAnswersItOnce() throws Exception {
        HangingServer hanging = new HangingServer();
        closing.add(hanging);
        IngestApi first = worker("base-a-queue-kill-first", hanging.url(), "consumidor.ingest.queue.s3.timeout=120s");
        Cpf cpf = register(first);
        BaseAQueueClient client = client("kill", Duration.ofSeconds(90));

        CompletableFuture<Answer> answer = client.consumerAsync(cpf.digits(), "credit-analysis");
        // The first worker has looked the consumer up, sealed the answer and is stuck storing it: kill it there.
        await().atMost(30, TimeUnit.SECONDS).until(() -> hanging.accepted() > 0);
        first.process.kill();
        assertThat(answer).isNotDone();

        IngestApi second = worker("base-a-queue-kill-second", stores.stack.s3Endpoint());
        Answer answered = answer.get(60, TimeUnit.SECONDS);

        assertThat(answered.claimChecked()).isTrue();
        assertThat(answered.body().get("name").asString()).isEqualTo("Rita Redelivery");
        // Once: one answered id and one audit entry (the killed worker never got to write one), and still so
        // throughout another visibility timeout, in which a second answer would have come.
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() ->
                stores.postgres().sql("SELECT count(*) FROM base_a.queue_request WHERE request_id = ?").param(answered.requestId())
                        .query(Long.class).single() == 1
                && stores.postgres().sql("SELECT status FROM base_a.audit_log WHERE request_id = ?").param(answered.requestId())
                        .query(Integer.class).list().equals(List.of(200)));
        assertThat(second.process.alive()).isTrue();
    }

    @Test
    void anAnswerWhoseRecordCannotBeWrittenIsLeftForRedeliveryAndRecordedOnce() throws Exception {
        IngestApi worker = worker("base-a-queue-audit-gap", stores.stack.s3Endpoint());
        Cpf cpf = register(worker);
        BaseAQueueClient client = client("gap", Duration.ofSeconds(30));
        // The answered marker and its audit entry are one statement written just after the reply is sent; take
        // that statement away from the app role (the database "failing" at exactly that moment) and give it back.
        List<String> grantees = stores.postgres().sql("""
                        SELECT grantee FROM information_schema.role_table_grants
                         WHERE table_schema = 'base_a' AND table_name = 'queue_request' AND privilege_type = 'INSERT'""")
                .query(String.class).list();
        assertThat(grantees).isNotEmpty();
        Answer answered;
        try {
            grantees.forEach(role -> stores.postgres().sql("REVOKE INSERT ON base_a.queue_request FROM " + role).update());

            answered = client.consumer(cpf.digits(), "credit-analysis");

            String requestId = answered.requestId();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(worker.process.log()).contains("AUDIT GAP")
                    && Files.readString(worker.process.log()).contains(requestId));
            assertThat(recorded(requestId)).isEqualTo(List.of(0L, 0L));
        } finally {
            grantees.forEach(role -> stores.postgres().sql("GRANT INSERT ON base_a.queue_request TO " + role).update());
        }

        // The request was not deleted: it comes back after its visibility timeout (5 s), is answered again with
        // the same request id and recorded, once, and then stays so through another visibility timeout.
        assertThat(answered.body().get("name").asString()).isEqualTo("Rita Redelivery");
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded(answered.requestId()).equals(List.of(1L, 1L)));
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> recorded(answered.requestId()).equals(List.of(1L, 1L)));
        assertThat(stores.postgres().sql("SELECT status FROM base_a.audit_log WHERE request_id = ?").param(answered.requestId())
                .query(Integer.class).list()).containsExactly(200);
        assertThat(Files.readString(worker.process.log())).doesNotContain(cpf.digits());
    }

    /** The request's answered markers and audit entries. */
    private List<Long> recorded(String requestId) {
        return List.of(
                stores.postgres().sql("SELECT count(*) FROM base_a.queue_request WHERE request_id = ?").param(requestId).query(Long.class).single(),
                stores.postgres().sql("SELECT count(*) FROM base_a.audit_log WHERE request_id = ?").param(requestId).query(Long.class).single());
    }

    @Test
    void anUnreachablePayloadStoreGivesA503ErrorReplyNotATruncatedAnswer() throws Exception {
        int closedPort = IngestApi.freePort();
        IngestApi worker = worker("base-a-queue-s3-down", "http://127.0.0.1:" + closedPort);
        Cpf cpf = register(worker);
        BaseAQueueClient client = client("s3down", Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.consumer(cpf.digits(), "credit-analysis"))
                .isInstanceOfSatisfying(BaseAQueueException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("payload store is unreachable");
                });
        assertThat(stores.postgres().sql("SELECT count(*) FROM base_a.audit_log WHERE channel = 'sqs' AND status = 503")
                .query(Long.class).single()).isEqualTo(1);
    }

    /** Accepts connections and never answers: an S3 that hangs. */
    private static final class HangingServer implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> held = new ArrayList<>();

        HangingServer() {
            try {
                socket = new ServerSocket(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        synchronized (held) {
                            held.add(connection);
                        }
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "hanging-s3");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (Socket connection : held) {
                    connection.close();
                }
            }
        }
    }
}
