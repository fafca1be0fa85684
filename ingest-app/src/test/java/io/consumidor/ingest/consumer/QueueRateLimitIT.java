package io.consumidor.ingest.consumer;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.ingest.IngestApplication;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.JwtAttacks;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestDatabases;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue worker is bounded per client too: past its burst, a client's requests get a sealed 429 that says when to
 * send again, while another client's are answered. A namespace, a database and a tiny rate of their own.
 */
class QueueRateLimitIT {

    private static String database;
    private static ConfigurableApplicationContext app;
    private static Namespace namespace;
    private static TestQueues queues;
    private static RawRequester requester;
    private static final LocalIssuer ISSUER = new LocalIssuer(TestStack.env().settings());
    private static final JwtAttacks TOKENS = new JwtAttacks(ISSUER, BaseAQueue.TOKEN_AUDIENCE);

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabases.createPostgres("queue_rate");
        namespace = Namespace.of("qr" + UUID.randomUUID().toString().substring(0, 6));
        app = new SpringApplication(IngestApplication.class).run("--server.port=0", "--spring.datasource.url=" + database,
                "--consumidor.namespace=" + namespace.value(), "--consumidor.ingest.outbox.poll-interval=1h",
                "--consumidor.ingest.queue.rate-limit.per-second=0.02", "--consumidor.ingest.queue.rate-limit.burst=2");
        queues = new TestQueues(TestStack.env());
        String workerKey = Files.readString(app.getBean(IngestProperties.class).keys().devKeyDir().resolve(BaseAQueue.DEV_WORKER_PUBLIC_KEYSET_FILE));
        requester = new RawRequester(queues.client(), namespace, workerKey);
    }

    @AfterAll
    static void stop() {
        requester.close();
        app.close();
        for (String queue : List.of(BaseAQueue.requests(namespace), Queues.deadLetters(BaseAQueue.requests(namespace)))) {
            queues.client().deleteQueue(b -> b.queueUrl(queues.url(queue)));
        }
        queues.close();
        TestDatabases.dropPostgres(database);
    }

    /** A fresh token (each is good for one request) of {@code client}. */
    private static String tokenOf(String client) {
        return ISSUER.sign(TOKENS.validClaims(List.of("base-a:read")).claim("azp", client).build());
    }

    private static int status(String token) throws Exception {
        String requestId = requester.ask(QueueRequest.consumer(TestCpfs.random().digits(), "credit-analysis"), token);
        List<Message> replies = requester.replies(1, 20_000);
        assertThat(replies).as("the reply to " + requestId).hasSize(1);
        QueueReply reply = RawRequester.reply(replies.get(0));
        assertThat(reply.requestId()).isEqualTo(requestId);
        return requester.content(reply).status();
    }

    @Test
    void aFloodingClientGetsSealed429sWhileAnotherIsAnswered() throws Exception {
        String flooder = "flooder-" + System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(status(tokenOf(flooder)));
        }

        assertThat(statuses).containsExactly(404, 404, 429, 429);
        assertThat(status(tokenOf("neighbour-" + System.nanoTime()))).as("another client keeps its share").isEqualTo(404);
    }
}
