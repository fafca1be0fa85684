package io.consumidor.ingest.consumer;

import io.consumidor.aws.S3Connection;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.ReplyContent;
import io.consumidor.baseaqueue.SealedRequest;
import io.consumidor.baseaqueue.client.BaseAQueueClient;
import io.consumidor.baseaqueue.client.ClientSettings;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.JwtAttacks;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base A over SQS on the wire, as an onlooker or an attacker sees it: raw reply messages, S3 payloads and request
 * messages hold ciphertext only (a request's one clear attribute is its id; the token is sealed); every bearer-token
 * attack — a REST token, no jti, a long life, a replayed token — gets a sealed 401 (a missing scope 403), audited
 * on channel {@code sqs}; a request lifted off the queue and re-sent with another reply queue and key answers only
 * its sealed route; a stranger cannot take a request id; a sealed reply queue outside the allow-list is never
 * written to and the request is dead-lettered with its reason; bodies not sealed to the worker for their request
 * id get no reply at all and a dead letter; a payload nobody comes for is swept, and the reply queue of a
 * requester that stopped beating is deleted. A small inline limit and payload retention make the S3 path and the sweeps cheap to reach.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "consumidor.ingest.queue.inline-limit=4KB",
        "consumidor.ingest.queue.payload-retention=4s",
        "consumidor.ingest.queue.sweep-interval=1s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueWireIT {

    private static final String NAME = "Joana Onlooker";
    private static final List<String> READ = List.of("base-a:read");

    @LocalServerPort
    int port;

    @Autowired
    IngestProperties properties;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final StackEnv env = TestStack.env();
    private final Namespace namespace = Namespace.of(env.namespace());
    private final LocalIssuer issuer = new LocalIssuer(env.settings());
    private final JdbcClient admin = JdbcClient.create(env.postgresAdmin());
    private final TestQueues queues = new TestQueues(env);
    private SqsClient sqs;
    private S3Client s3;
    private String workerKey;
    private RawRequester raw;

    @BeforeAll
    void connect() throws Exception {
        sqs = queues.client();
        s3 = new S3Connection(env.s3Endpoint(), env.awsRegion(), true, env.awsAccessKeyId(), env.awsSecretAccessKey(), null).client();
        workerKey = Files.readString(properties.keys().devKeyDir().resolve(BaseAQueue.DEV_WORKER_PUBLIC_KEYSET_FILE));
        raw = new RawRequester(sqs, namespace, workerKey);
    }

    @AfterAll
    void disconnect() {
        raw.close();
        queues.close();
        s3.close();
    }

    private Cpf register(int extraDebts) {
        Cpf cpf = TestCpfs.random();
        String write = issuer.token("writer", List.of("base-a:write"), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
        assertThat(new ApiClient(port).put("/consumers/" + cpf.digits(), write, ConsumerApiIT.body(NAME, "10.00", "OPEN")).statusCode()).isEqualTo(201);
        for (int i = 0; i < extraDebts; i++) {
            new ApiClient(port).send("POST", "/consumers/" + cpf.digits() + "/debts", write, """
                    {"creditorCnpj":"11222333000181","amount":"%d.50","currency":"BRL","dueDate":"2027-01-10","status":"OPEN",
                     "contractReference":"CONTRACT-%d"}""".formatted(100 + i, i), Map.of());
        }
        return cpf;
    }

    private String token(List<String> scopes) {
        return issuer.token("wire-client", scopes, Duration.ofMinutes(5), BaseAQueue.TOKEN_AUDIENCE);
    }

    /** Nothing a reader of the bytes could learn the consumer from. */
    private static void assertNoPii(String what, String text, Cpf cpf) {
        assertThat(text).as(what).doesNotContain(cpf.digits()).doesNotContain(cpf.formatted()).doesNotContain(NAME)
                .doesNotContain(ConsumerApiIT.STREET).doesNotContain("CONTRACT-").doesNotContain("credit-analysis");
    }

    private static String text(Map<String, MessageAttributeValue> attributes) {
        StringBuilder all = new StringBuilder();
        attributes.forEach((name, value) -> all.append(name).append('=').append(value.stringValue()).append('\n'));
        return all.toString();
    }

    @Test
    void repliesPayloadsAndRequestsOnTheWireHoldCiphertextOnly() throws Exception {
        Cpf small = register(0);
        Cpf large = register(15);

        String inlineId = raw.ask(QueueRequest.consumer(small.digits(), "credit-analysis"), token(READ));
        String claimedId = raw.ask(QueueRequest.consumer(large.digits(), "credit-analysis"), token(READ));
        Map<String, QueueReply> replies = new HashMap<>();
        for (Message message : raw.replies(2, 20_000)) {
            assertNoPii("raw reply message", message.body() + text(message.messageAttributes()), small);
            assertNoPii("raw reply message", message.body() + text(message.messageAttributes()), large);
            QueueReply reply = RawRequester.reply(message);
            replies.put(reply.requestId(), reply);
        }
        assertThat(replies).containsOnlyKeys(inlineId, claimedId);

        QueueReply inline = replies.get(inlineId);
        assertThat(inline.inline()).isNotNull();
        ReplyContent content = raw.content(inline);
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.answer().get("name").asString()).isEqualTo(NAME);

        QueueReply claimed = replies.get(claimedId);
        assertThat(claimed.claimCheck()).isNotNull();
        byte[] object = s3.getObjectAsBytes(b -> b.bucket(claimed.claimCheck().bucket()).key(claimed.claimCheck().key())).asByteArray();
        assertNoPii("raw S3 payload", new String(object, StandardCharsets.ISO_8859_1), large);
        assertThat(object).hasSize((int) claimed.claimCheck().size());
        // Computed here, not by the contract's helper: the pointer must name the stored bytes' real SHA-256.
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object))).isEqualTo(claimed.claimCheck().sha256());
        assertThat(new String(raw.open(object, claimedId), StandardCharsets.UTF_8)).contains(NAME).contains("CONTRACT-14");
        // Sealed to this request id: the same bytes presented as another request's answer do not open.
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> raw.open(object, inlineId))).isNotNull();

        // The client library's request as it sits on a queue no worker serves: no CPF, no purpose.
        Namespace quiet = Namespace.of("peek" + UUID.randomUUID().toString().substring(0, 6));
        String peekUrl = sqs.createQueue(b -> b.queueName(BaseAQueue.requests(quiet))).queueUrl();
        String peekToken = token(READ);
        try (BaseAQueueClient client = BaseAQueueClient.start(sqs, s3, ClientSettings.of(quiet, "peek", workerKey, env.s3Bucket(), () -> peekToken)
                .withTimeout(Duration.ofSeconds(3), 1))) {
            client.consumerAsync(large.digits(), "credit-analysis");
            List<Message> requests = sqs.receiveMessage(b -> b.queueUrl(peekUrl).waitTimeSeconds(5).messageAttributeNames("All")).messages();
            assertThat(requests).hasSize(1);
            assertNoPii("raw request message", requests.get(0).body() + text(requests.get(0).messageAttributes()), large);
            assertThat(requests.get(0).messageAttributes()).as("nothing but the id in the clear").containsOnlyKeys(BaseAQueue.REQUEST_ID);
            assertThat(requests.get(0).body()).as("the token is sealed").doesNotContain(peekToken)
                    .doesNotContain(peekToken.substring(peekToken.indexOf('.') + 1, peekToken.lastIndexOf('.')));
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(peekUrl));
        }
    }

    @Test
    void everyTokenAttackGetsASealed401AndAMissingScopeA403AllAuditedOnChannelSqs() throws Exception {
        Cpf cpf = register(0);
        Map<String, String> attacks = new LinkedHashMap<>(new JwtAttacks(issuer, BaseAQueue.TOKEN_AUDIENCE).all(READ));
        attacks.put("a REST API token", issuer.token("wire-client", READ, Duration.ofMinutes(5), LocalIssuer.AUDIENCE));
        attacks.put("no jti", issuer.sign(new JwtAttacks(issuer, BaseAQueue.TOKEN_AUDIENCE).validClaims(READ).jwtID(null).build()));
        attacks.put("no iat, an hour to live", issuer.sign(new JwtAttacks(issuer, BaseAQueue.TOKEN_AUDIENCE).validClaims(READ).issueTime(null)
                .expirationTime(java.util.Date.from(Instant.now().plus(Duration.ofHours(1)))).build()));
        attacks.put("lives an hour", issuer.token("wire-client", READ, Duration.ofHours(1), BaseAQueue.TOKEN_AUDIENCE));
        Map<String, String> byRequest = new HashMap<>();
        attacks.forEach((name, token) -> byRequest.put(raw.ask(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token), name));
        String noScope = raw.ask(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token(List.of("base-a:write")));
        byRequest.put(noScope, "no base-a:read scope");

        Map<String, Integer> statuses = new HashMap<>();
        for (Message message : raw.replies(byRequest.size(), 30_000)) {
            assertNoPii("error reply", message.body(), cpf);
            QueueReply reply = RawRequester.reply(message);
            ReplyContent content = raw.content(reply);
            assertThat(content.answer()).as("the reply to \"%s\" carries no answer", byRequest.get(reply.requestId())).isNull();
            assertThat(message.body()).as("the status is sealed too").doesNotContain("\"status\"");
            statuses.put(byRequest.get(reply.requestId()), content.status());
        }
        Map<String, Integer> expected = new HashMap<>();
        attacks.keySet().forEach(name -> expected.put(name, 401));
        expected.put("no base-a:read scope", 403);
        assertThat(statuses).isEqualTo(expected);

        for (Map.Entry<String, String> request : byRequest.entrySet()) {
            Map<String, Object> row = admin.sql("SELECT channel, status, method FROM base_a.audit_log WHERE request_id = ?")
                    .param(request.getKey()).query().singleRow();
            assertThat(row).as(request.getValue()).containsEntry("channel", "sqs").containsEntry("method", "SQS")
                    .containsEntry("status", expected.get(request.getValue()));
        }
    }

    @Test
    void aTokenIsGoodForOneRequestAndARequestIdForOneRequester() throws Exception {
        Cpf cpf = register(0);
        double replaysBefore = meters.counter("consumidor.base-a.queue.replays").count();
        String token = token(READ);
        String first = raw.ask(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token);
        assertThat(statusOf(raw.replies(1, 20_000))).containsExactly(Map.entry(first, 200));

        // The same token sealed into another request: refused, counted.
        String replayed = raw.ask(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token);
        assertThat(statusOf(raw.replies(1, 20_000))).containsExactly(Map.entry(replayed, 401));
        assertThat(meters.counter("consumidor.base-a.queue.replays").count()).isEqualTo(replaysBefore + 1);

        // A stranger's request, with a good token of its own, under an id another request holds.
        try (RawRequester stranger = new RawRequester(sqs, namespace, workerKey)) {
            stranger.send(stranger.seal(stranger.sealedRequest(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token(READ)), first), first);
            List<Message> replies = stranger.replies(1, 20_000);
            assertThat(replies).hasSize(1);
            assertThat(stranger.content(RawRequester.reply(replies.get(0))).status()).isEqualTo(409);
        }
        assertThat(raw.replies(1, 2_000)).as("the genuine requester hears nothing more").isEmpty();
    }

    @Test
    void aRequestLiftedOffTheQueueAndResentWithAnotherReplyQueueAndKeyIsAnsweredOnlyOnItsSealedRoute() throws Exception {
        Cpf cpf = register(0);
        // The genuine request, on a queue the attacker reads before any worker does.
        String capture = sqs.createQueue(b -> b.queueName(namespace.apply("capture-" + UUID.randomUUID().toString().substring(0, 8)))).queueUrl();
        try (RawRequester attacker = new RawRequester(sqs, namespace, workerKey)) {
            String requestId = UUID.randomUUID().toString();
            String body = raw.seal(raw.sealedRequest(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token(READ)), requestId);
            sqs.sendMessage(b -> b.queueUrl(capture).messageBody(body).messageAttributes(Map.of(BaseAQueue.REQUEST_ID,
                    MessageAttributeValue.builder().dataType("String").stringValue(requestId).build())));
            Message lifted = sqs.receiveMessage(b -> b.queueUrl(capture).waitTimeSeconds(5).messageAttributeNames("All")).messages().get(0);

            // Re-sent with the attacker's reply queue and key beside it, as the old clear attributes were; and under a new id.
            attacker.send(lifted.body(), requestId, Map.of("replyTo", attacker.replyQueue(), "recipientKey", attacker.recipientKey()));
            attacker.send(lifted.body(), UUID.randomUUID().toString(), Map.of("replyTo", attacker.replyQueue()));

            List<Message> genuine = raw.replies(1, 20_000);
            assertThat(genuine).hasSize(1);
            assertThat(raw.content(RawRequester.reply(genuine.get(0))).answer().get("name").asString()).isEqualTo(NAME);
            assertThat(attacker.replies(1, 3_000)).as("nothing reaches the attacker's queue").isEmpty();
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(capture));
        }
    }

    @Test
    void aRequestSealedLongAgoIsRefused() throws Exception {
        Cpf cpf = register(0);
        SealedRequest fresh = raw.sealedRequest(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token(READ));
        SealedRequest old = new SealedRequest(fresh.request(), fresh.authorization(), fresh.replyTo(), fresh.recipientKey(),
                Instant.now().minus(Duration.ofMinutes(10)), fresh.nonce());
        String requestId = UUID.randomUUID().toString();
        raw.send(raw.seal(old, requestId), requestId);
        assertThat(statusOf(raw.replies(1, 20_000))).containsExactly(Map.entry(requestId, 401));
    }

    private Map<String, Integer> statusOf(List<Message> replies) throws Exception {
        Map<String, Integer> statuses = new HashMap<>();
        for (Message message : replies) {
            QueueReply reply = RawRequester.reply(message);
            statuses.put(reply.requestId(), raw.content(reply).status());
        }
        return statuses;
    }

    @Test
    void aReplyQueueOutsideTheAllowListIsNeverWrittenToAndTheRequestIsDeadLettered() {
        Cpf cpf = register(0);
        String foreign = namespace.apply("consumidor-profile-events-" + UUID.randomUUID().toString().substring(0, 6));
        String otherNamespace = BaseAQueue.replyQueue(Namespace.of("other" + UUID.randomUUID().toString().substring(0, 6)), "x");
        List<String> queues = List.of(foreign, otherNamespace);
        Map<String, String> requestIds = new HashMap<>();
        List<String> urls = new ArrayList<>();
        for (String queue : queues) {
            urls.add(sqs.createQueue(b -> b.queueName(queue)).queueUrl());
            String requestId = UUID.randomUUID().toString();
            SealedRequest sealed = raw.sealedRequest(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token(READ));
            raw.send(raw.seal(new SealedRequest(sealed.request(), sealed.authorization(), queue, sealed.recipientKey(), sealed.issuedAt(),
                    sealed.nonce()), requestId), requestId);
            requestIds.put(requestId, queue);
        }
        try {
            Map<String, Message> deadLetters = deadLetters(requestIds.keySet());
            for (Map.Entry<String, Message> dead : deadLetters.entrySet()) {
                Map<String, MessageAttributeValue> attributes = dead.getValue().messageAttributes();
                assertThat(attributes.get(io.consumidor.core.wire.DeadLetters.REASON).stringValue()).isEqualTo("reply queue missing or outside the allow-list");
                assertThat(attributes).as("the id, the reason and the source queue, nothing else").containsOnlyKeys(BaseAQueue.REQUEST_ID, io.consumidor.core.wire.DeadLetters.REASON, io.consumidor.core.wire.DeadLetters.SOURCE_QUEUE);
            }
            for (String url : urls) {
                assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages()).as(url).isEmpty();
            }
            for (String requestId : requestIds.keySet()) {
                assertThat(admin.sql("SELECT status FROM base_a.audit_log WHERE request_id = ?").param(requestId).query(Integer.class).single())
                        .isEqualTo(400);
            }
        } finally {
            urls.forEach(url -> sqs.deleteQueue(b -> b.queueUrl(url)));
        }
    }

    @Test
    void bodiesNotSealedToTheWorkerForTheirRequestGetNoReplyAndADeadLetter() {
        Cpf cpf = register(0);
        String plain = UUID.randomUUID().toString();
        raw.send("{\"kind\":\"consumer\",\"cpf\":\"" + cpf.digits() + "\"}", plain, Map.of("replyTo", raw.replyQueue()));
        // A body lifted from another request: sealed to the worker, but bound to that request's id.
        String moved = UUID.randomUUID().toString();
        raw.send(raw.seal(raw.sealedRequest(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token(READ)), UUID.randomUUID().toString()), moved);
        String noKey = UUID.randomUUID().toString();
        SealedRequest keyless = raw.sealedRequest(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token(READ));
        raw.send(raw.seal(new SealedRequest(keyless.request(), keyless.authorization(), keyless.replyTo(), null, keyless.issuedAt(),
                keyless.nonce()), noKey), noKey);
        String noRequest = UUID.randomUUID().toString();
        raw.send(raw.seal("[1, 2]".getBytes(StandardCharsets.UTF_8), noRequest), noRequest);
        String noId = "bad id";
        raw.send(raw.seal(raw.sealedRequest(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token(READ)), noId), noId);

        Map<String, Message> deadLetters = deadLetters(List.of(plain, moved, noKey, noRequest, noId));
        assertThat(raw.replies(1, 2_000)).as("no route to answer on but the sealed one, and none opened").isEmpty();
        assertThat(deadLetters.get(plain).messageAttributes().get(io.consumidor.core.wire.DeadLetters.REASON).stringValue())
                .isEqualTo("body not sealed to the worker's key for this request");
        assertThat(deadLetters.get(moved).messageAttributes().get(io.consumidor.core.wire.DeadLetters.REASON).stringValue())
                .isEqualTo("body not sealed to the worker's key for this request");
        assertThat(deadLetters.get(noKey).messageAttributes().get(io.consumidor.core.wire.DeadLetters.REASON).stringValue())
                .isEqualTo("recipientKey missing or not a public HPKE keyset");
        assertThat(deadLetters.get(noRequest).messageAttributes().get(io.consumidor.core.wire.DeadLetters.REASON).stringValue())
                .isEqualTo("body is not a request");
        assertThat(deadLetters.get(noId).messageAttributes().get(io.consumidor.core.wire.DeadLetters.REASON).stringValue())
                .isEqualTo("requestId missing or malformed");
    }

    @Test
    void aPayloadWhoseRequesterWentAwayIsSwept() {
        Cpf cpf = register(15);
        // An allowed name whose queue is gone: the requester closed (or died) before its answer came.
        String gone = BaseAQueue.replyQueue(namespace, "gone-" + UUID.randomUUID().toString().substring(0, 8));
        String requestId = UUID.randomUUID().toString();
        SealedRequest sealed = raw.sealedRequest(QueueRequest.consumer(cpf.digits(), "credit-analysis"), token(READ));
        raw.send(raw.seal(new SealedRequest(sealed.request(), sealed.authorization(), gone, sealed.recipientKey(), sealed.issuedAt(),
                sealed.nonce()), requestId), requestId);

        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                admin.sql("SELECT status FROM base_a.audit_log WHERE request_id = ?").param(requestId).query(Integer.class).optional().isPresent());
        assertThat(admin.sql("SELECT status FROM base_a.audit_log WHERE request_id = ?").param(requestId).query(Integer.class).single())
                .as("answered, but nobody was there to take it").isEqualTo(410);
        // The worker stored the answer before finding the reply queue gone; the sweep removes it after the retention.
        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> !exists(BaseAQueue.payloadKey(requestId)));
    }

    @Test
    void replyQueuesWhoseRequesterStoppedBeatingAreDeletedLiveOnesKept() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String stale = BaseAQueue.replyQueue(namespace, "stale-" + id);
        String untagged = BaseAQueue.replyQueue(namespace, "untagged-" + id);
        String staleUrl = sqs.createQueue(b -> b.queueName(stale).tags(Map.of(BaseAQueue.HEARTBEAT_TAG,
                Long.toString(java.time.Instant.now().minus(Duration.ofHours(2)).getEpochSecond())))).queueUrl();
        String untaggedUrl = sqs.createQueue(b -> b.queueName(untagged)).queueUrl();
        try (BaseAQueueClient live = BaseAQueueClient.start(sqs, s3, ClientSettings.of(namespace, "live-" + id, workerKey, env.s3Bucket(), () -> token(READ)))) {
            String liveUrl = sqs.getQueueUrl(b -> b.queueName(live.replyQueue())).queueUrl();
            assertThat(sqs.listQueueTags(b -> b.queueUrl(liveUrl)).tags()).containsKey(BaseAQueue.HEARTBEAT_TAG);

            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> !queueExists(stale));
            assertThat(queueExists(untagged)).as("created just now, nothing to say it is dead").isTrue();
            assertThat(queueExists(live.replyQueue())).isTrue();
            assertThat(live.consumer(register(0).digits(), "credit-analysis").body().get("name").asString()).isEqualTo(NAME);
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(untaggedUrl));
            if (queueExists(stale)) {
                sqs.deleteQueue(b -> b.queueUrl(staleUrl));
            }
        }
    }

    private boolean queueExists(String name) {
        try {
            sqs.getQueueUrl(b -> b.queueName(name));
            return true;
        } catch (software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException e) {
            return false;
        }
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(env.s3Bucket()).key(key));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    /** The dead letters of these request ids, by id; others on the queue are left alone. */
    private Map<String, Message> deadLetters(java.util.Collection<String> requestIds) {
        String url = sqs.getQueueUrl(b -> b.queueName(Queues.deadLetters(BaseAQueue.requests(namespace)))).queueUrl();
        Map<String, Message> found = new HashMap<>();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages()) {
                MessageAttributeValue id = message.messageAttributes().get(BaseAQueue.REQUEST_ID);
                if (id != null && requestIds.contains(id.stringValue())) {
                    found.put(id.stringValue(), message);
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                }
            }
            return found.keySet().containsAll(requestIds);
        });
        return found;
    }
}
