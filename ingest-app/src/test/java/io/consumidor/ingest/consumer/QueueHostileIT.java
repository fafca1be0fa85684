package io.consumidor.ingest.consumer;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.SealedRequest;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile requests against Base A's queue worker, in a namespace and a database of their own: missing,
 * expired, replayed, foreign-audience, id-less and long-lived tokens; tampered sealed bodies, bodies moved under
 * another request id, requests sealed long ago, a sealed reply route outside the allow-list, and genuine bodies
 * re-sent with another reply queue and key in the clear. Whatever the request: a refusal, never an answer; a reply
 * only on the route the sealed request named, sealed to its key; nothing ever on the onlooker's queue (a reply
 * queue the allow-list accepts); the worker still answering genuine requests between the attacks.
 */
class QueueHostileIT {

    private static final List<String> READ = List.of("base-a:read");

    /** What is wrong with a request, and what the worker must make of it. */
    enum Attack {
        NONE(200), NO_TOKEN(401), EXPIRED_TOKEN(401), REST_AUDIENCE(401), REPLAYED_TOKEN(401), NO_JTI(401), LONG_LIVED(401),
        STALE(401), NO_SCOPE(403), TAMPERED_BODY(0), MOVED_ID(0), FOREIGN_ROUTE(0), CLEAR_REROUTE(200);

        /** The sealed status the requester gets; 0: no reply at all, a dead letter. */
        final int status;

        Attack(int status) {
            this.status = status;
        }
    }

    record Case(Attack attack, boolean known) {
    }

    private static String database;
    private static ConfigurableApplicationContext app;
    private static Namespace namespace;
    private static LocalIssuer issuer;
    private static JwtAttacks attacks;
    private static TestQueues queues;
    private static RawRequester requester;
    private static RawRequester onlooker;
    private static String known;
    private static String usedToken;
    private static String expiredToken;

    @BeforeContainer
    static void start() throws Exception {
        database = TestDatabases.createPostgres("hostile_queue");
        namespace = Namespace.of("hq" + UUID.randomUUID().toString().substring(0, 6));
        app = new SpringApplication(IngestApplication.class).run("--server.port=0", "--spring.datasource.url=" + database,
                "--consumidor.namespace=" + namespace.value(), "--consumidor.ingest.outbox.poll-interval=1h");
        issuer = new LocalIssuer(TestStack.env().settings());
        attacks = new JwtAttacks(issuer, BaseAQueue.TOKEN_AUDIENCE);
        queues = new TestQueues(TestStack.env());
        SqsClient sqs = queues.client();
        String workerKey = Files.readString(app.getBean(IngestProperties.class).keys().devKeyDir().resolve(BaseAQueue.DEV_WORKER_PUBLIC_KEYSET_FILE));
        requester = new RawRequester(sqs, namespace, workerKey);
        onlooker = new RawRequester(sqs, namespace, workerKey);
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        known = TestCpfs.random().digits();
        String write = issuer.token("writer", List.of("base-a:write"), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
        assertThat(new ApiClient(port).put("/consumers/" + known, write, ConsumerApiIT.body("Hostile Target", "10.00", "OPEN")).statusCode())
                .isEqualTo(201);
        usedToken = issuer.token("hostile-client", READ, Duration.ofMinutes(9), BaseAQueue.TOKEN_AUDIENCE);
        expiredToken = attacks.all(READ).get("expired");
        requester.ask(QueueRequest.consumer(known, "credit-analysis"), usedToken);
        assertThat(requester.replies(1, 20_000)).as("the genuine first use of the token that is replayed later").hasSize(1);
    }

    @AfterContainer
    static void stop() {
        // Read once, after every try: a reply that reached the onlooker's queue, from any of them, is still there.
        List<Message> stray = onlooker.replies(1, 3_000);
        requester.close();
        onlooker.close();
        app.close();
        for (String queue : List.of(BaseAQueue.requests(namespace), Queues.deadLetters(BaseAQueue.requests(namespace)))) {
            queues.client().deleteQueue(b -> b.queueUrl(queues.url(queue)));
        }
        queues.close();
        TestDatabases.dropPostgres(database);
        assertThat(stray).as("the onlooker's queue after every attack: no reply goes anywhere but the sealed route").isEmpty();
    }

    private static String token(List<String> scopes) {
        return issuer.token("hostile-client", scopes, Duration.ofMinutes(5), BaseAQueue.TOKEN_AUDIENCE);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(Attack.class), Arbitraries.of(true, false)).as(Case::new);
    }

    @Property(tries = 60)
    void noAttackIsAnsweredAndNoReplyGoesAnywhereButTheSealedRoute(@ForAll("cases") Case hostile) throws Exception {
        String cpf = hostile.known() ? known : TestCpfs.random().digits();
        String requestId = UUID.randomUUID().toString();
        send(hostile.attack(), QueueRequest.consumer(cpf, "credit-analysis"), requestId);

        int expected = hostile.attack().status == 200 && !hostile.known() ? 404 : hostile.attack().status;
        if (expected == 0) {
            assertThat(deadLetterReason(requestId)).as("dead letter of %s", hostile).isNotBlank();
            assertThat(requester.replies(1, 300)).as("no reply to %s", hostile).isEmpty();
        } else {
            List<Message> replies = requester.replies(1, 20_000);
            assertThat(replies).as("the reply to %s", hostile).hasSize(1);
            QueueReply reply = RawRequester.reply(replies.get(0));
            assertThat(reply.requestId()).isEqualTo(requestId);
            assertThat(requester.content(reply).status()).as("the sealed status of %s", hostile).isEqualTo(expected);
        }
    }

    private static void send(Attack attack, QueueRequest request, String requestId) {
        SealedRequest genuine = requester.sealedRequest(request, token(READ));
        switch (attack) {
            case NONE -> requester.send(requester.seal(genuine, requestId), requestId);
            case NO_TOKEN -> sendWith(genuine, null, requestId);
            case EXPIRED_TOKEN -> sendWith(genuine, expiredToken, requestId);
            case REST_AUDIENCE -> sendWith(genuine, issuer.token("hostile-client", READ, Duration.ofMinutes(5), LocalIssuer.AUDIENCE), requestId);
            case REPLAYED_TOKEN -> sendWith(genuine, usedToken, requestId);
            case NO_JTI -> sendWith(genuine, issuer.sign(attacks.validClaims(READ).jwtID(null).build()), requestId);
            case LONG_LIVED -> sendWith(genuine, issuer.token("hostile-client", READ, Duration.ofHours(2), BaseAQueue.TOKEN_AUDIENCE), requestId);
            case NO_SCOPE -> sendWith(genuine, token(List.of("base-a:write", "base-a:erase")), requestId);
            case STALE -> requester.send(requester.seal(new SealedRequest(genuine.request(), genuine.authorization(), genuine.replyTo(),
                    genuine.recipientKey(), Instant.now().minus(Duration.ofMinutes(30)), genuine.nonce()), requestId), requestId);
            case TAMPERED_BODY -> {
                byte[] sealed = Base64.getDecoder().decode(requester.seal(genuine, requestId));
                sealed[sealed.length / 2] ^= 0x20;
                requester.send(Base64.getEncoder().encodeToString(sealed), requestId);
            }
            case MOVED_ID -> requester.send(requester.seal(genuine, UUID.randomUUID().toString()), requestId);
            case FOREIGN_ROUTE -> requester.send(requester.seal(new SealedRequest(genuine.request(), genuine.authorization(),
                    Queues.deadLetters(BaseAQueue.requests(namespace)), genuine.recipientKey(), genuine.issuedAt(), genuine.nonce()), requestId),
                    requestId, Map.of("replyTo", onlooker.replyQueue()));
            case CLEAR_REROUTE -> requester.send(requester.seal(genuine, requestId), requestId,
                    Map.of("replyTo", onlooker.replyQueue(), "recipientKey", onlooker.recipientKey(), "authorization", token(READ)));
        }
    }

    private static void sendWith(SealedRequest genuine, String token, String requestId) {
        requester.send(requester.seal(new SealedRequest(genuine.request(), token, genuine.replyTo(), genuine.recipientKey(), genuine.issuedAt(),
                genuine.nonce()), requestId), requestId);
    }

    /** The reason on this request's dead letter, waited for up to 20 s; others on the queue are left alone. */
    private static String deadLetterReason(String requestId) {
        SqsClient sqs = queues.client();
        String url = queues.url(Queues.deadLetters(BaseAQueue.requests(namespace)));
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(1)
                    .messageAttributeNames("All")).messages()) {
                MessageAttributeValue id = message.messageAttributes().get(BaseAQueue.REQUEST_ID);
                if (id != null && id.stringValue().equals(requestId)) {
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                    return message.messageAttributes().get(io.consumidor.core.wire.DeadLetters.REASON).stringValue();
                }
            }
        }
        return null;
    }
}
