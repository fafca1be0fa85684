package io.consumidor.ingest.consumer;

import io.consumidor.aws.S3Connection;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.client.Answer;
import io.consumidor.baseaqueue.client.BaseAQueueClient;
import io.consumidor.baseaqueue.client.BaseAQueueException;
import io.consumidor.baseaqueue.client.ClientSettings;
import io.consumidor.core.wire.Namespace;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.queue.QueueWorkerProperties;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Base A over SQS against the real stack: the worker in this context answers the client library. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueWorkerIT {

    private static final String NAME = "Maria Queue";

    @LocalServerPort
    int port;

    @Autowired
    IngestProperties properties;

    @Autowired
    QueueWorkerProperties worker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    private final StackEnv env = TestStack.env();
    private final LocalIssuer issuer = new LocalIssuer(env.settings());
    /** The scopes of the fresh token each request gets (the worker takes a token for one request only). */
    private final AtomicReference<List<String>> scopes = new AtomicReference<>(List.of("base-a:read"));
    private final TestQueues queues = new TestQueues(env);
    private SqsClient sqs;
    private S3Client s3;
    private BaseAQueueClient client;

    @BeforeAll
    void startClient() throws Exception {
        sqs = queues.client();
        s3 = new S3Connection(env.s3Endpoint(), env.awsRegion(), true, env.awsAccessKeyId(), env.awsSecretAccessKey(), null).client();
        String workerKey = Files.readString(properties.keys().devKeyDir().resolve(BaseAQueue.DEV_WORKER_PUBLIC_KEYSET_FILE));
        client = BaseAQueueClient.start(sqs, s3, ClientSettings.of(Namespace.of(env.namespace()), "it-" + System.nanoTime() % 100000,
                workerKey, env.s3Bucket(), () -> issuer.token("queue-client", scopes.get(), Duration.ofMinutes(5), BaseAQueue.TOKEN_AUDIENCE))
                .withTimeout(Duration.ofSeconds(20), 2));
    }

    @AfterAll
    void stopClient() {
        client.close();
        queues.close();
        s3.close();
    }

    private String register(int extraDebts) {
        String cpf = TestCpfs.random().digits();
        String write = issuer.token("writer", List.of("base-a:write"), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
        assertThat(new ApiClient(port).put("/consumers/" + cpf, write, ConsumerApiIT.body(NAME, "10.00", "OPEN")).statusCode()).isEqualTo(201);
        for (int i = 0; i < extraDebts; i++) {
            new ApiClient(port).send("POST", "/consumers/" + cpf + "/debts", write, """
                    {"creditorCnpj":"11222333000181","amount":"%d.50","currency":"BRL","dueDate":"2027-01-10","status":"OPEN",
                     "contractReference":"%s"}""".formatted(100 + i, "CONTRACT-" + "x".repeat(45) + i), java.util.Map.of());
        }
        return cpf;
    }

    @Test
    void answersAConsumerInlineSealedToTheRequester() {
        String cpf = register(0);

        Answer answer = client.consumer(cpf, "credit-analysis");

        assertThat(answer.claimChecked()).isFalse();
        assertThat(answer.body().get("name").asString()).isEqualTo(NAME);
        assertThat(answer.body().get("debts").size()).isEqualTo(1);
        // The request's delete is batched and not waited for by the worker, but it does happen.
        await().atMost(Duration.ofSeconds(5)).until(() -> queues.depth(worker.requestQueueName()) == 0);
    }

    @Test
    void anAnsweredRequestIsRememberedWithItsAuditEntry() {
        long handled = handled("200");
        Answer answer = client.consumer(register(0), "credit-analysis");

        // One statement writes both (AnsweredRequests), just after the reply went out: the redelivery guard and
        // the audit trail agree.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(jdbc.sql("SELECT status FROM base_a.queue_request WHERE request_id = ?").param(answer.requestId())
                    .query(Integer.class).list()).containsExactly(200);
            assertThat(jdbc.sql("SELECT channel || ' ' || method || ' ' || route || ' ' || status || ' ' || principal FROM base_a.audit_log"
                    + " WHERE request_id = ?").param(answer.requestId()).query(String.class).list())
                    .containsExactly("sqs SQS base-a-requests/consumer 200 queue-client");
            assertThat(handled("200")).as("and counted, by route and status").isEqualTo(handled + 1);
        });
    }

    /** The worker's timer of handled consumer requests with this status. */
    private long handled(String status) {
        Timer timer = meters.find("consumidor.base-a.queue.requests").tags("route", "base-a-requests/consumer", "status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void anAnswerIsNotKeptByTheClientOnceHandedOver() {
        String cpf = register(0);
        WeakReference<Answer> answer = new WeakReference<>(client.consumer(cpf, "credit-analysis"));

        // The request's timeout (20 s) and retry (10 s) timers must not hold it: claim-checked answers are megabytes each.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return answer.get() == null;
        });
    }

    @Test
    void pagesDebts() {
        String cpf = register(4);

        Answer page = client.debts(cpf, "collections", 1, 2);

        assertThat(page.body().get("total").asInt()).isEqualTo(5);
        assertThat(page.body().get("debts").size()).isEqualTo(2);
        assertThat(page.body().get("hasMore").asBoolean()).isTrue();
    }

    @Test
    void largeAnswersGoThroughS3AndTheirPayloadIsDeletedAfterTheReply() {
        String cpf = register(1500);

        Answer answer = client.consumer(cpf, "credit-analysis");

        assertThat(answer.claimChecked()).isTrue();
        assertThat(answer.sealedBytes()).isGreaterThan(256 * 1024);
        assertThat(answer.body().get("debts").size()).isEqualTo(1501);
        // The client deletes the reply message, then the payload, right after handing over the answer.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!s3.listObjectsV2(b -> b.bucket(env.s3Bucket()).prefix(BaseAQueue.payloadKey(answer.requestId()))).contents().isEmpty()
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(env.s3Bucket()).prefix(BaseAQueue.payloadKey(answer.requestId()))).contents()).isEmpty();
    }

    @Test
    void unknownConsumerAndMissingScopeGetErrorReplies() {
        long notFound = handled("404");
        assertThatThrownBy(() -> client.consumer(TestCpfs.random().digits(), "credit-analysis"))
                .isInstanceOfSatisfying(BaseAQueueException.class, e -> assertThat(e.status()).isEqualTo(404));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(handled("404")).isEqualTo(notFound + 1));
        String cpf = register(0);
        scopes.set(List.of("base-a:write"));
        try {
            assertThatThrownBy(() -> client.consumer(cpf, "credit-analysis"))
                    .isInstanceOfSatisfying(BaseAQueueException.class, e -> assertThat(e.status()).isEqualTo(403));
        } finally {
            scopes.set(List.of("base-a:read"));
        }
    }
}
