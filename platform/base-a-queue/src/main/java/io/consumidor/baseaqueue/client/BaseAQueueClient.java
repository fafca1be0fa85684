package io.consumidor.baseaqueue.client;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.ReplyContent;
import io.consumidor.baseaqueue.SealedRequest;
import io.consumidor.baseaqueue.Sealing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A requester of Base A over SQS. It owns a reply queue (created on start, deleted on {@link #close()}) and an
 * HPKE keypair made fresh for its lifetime: the private half never leaves this process, so only it can open its
 * replies. A request — the question with a fresh token, this client's reply queue and public key, the time and a
 * nonce ({@link SealedRequest}) — is sealed to the worker's public keyset and resent unchanged under the same id
 * when no answer comes within its share of the timeout; the worker answers an id once, and a late duplicate
 * answer is dropped here. A claim-checked answer's pointer is checked, the object fetched, checked against the
 * pointer's size and SHA-256 and opened; it is deleted only after the reply message has been, and only if it matched.
 */
public final class BaseAQueueClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BaseAQueueClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SqsClient sqs;
    private final ClaimCheckedPayloads payloads;
    private final ClientSettings settings;
    private final String requestQueueUrl;
    private final ReplyQueue replies;
    private final String recipientKey;
    private final HybridDecrypt opener;
    private final HybridEncrypt toWorker;
    private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timers = timers();
    // Opening an answer may mean an S3 fetch: off the receiving thread, so one large answer delays no other.
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("base-a-queue-reply"));
    private final Thread receiver;
    private volatile boolean running = true;

    private BaseAQueueClient(SqsClient sqs, S3Client s3, ClientSettings settings) {
        this.sqs = sqs;
        this.payloads = new ClaimCheckedPayloads(s3, settings.payloadBucket());
        this.settings = settings;
        this.toWorker = Sealing.sealerTo(settings.workerPublicKeyset());
        KeysetHandle keys = Sealing.generate();
        this.recipientKey = Sealing.publicKeyset(keys);
        this.opener = Sealing.opener(keys);
        this.requestQueueUrl = sqs.getQueueUrl(b -> b.queueName(BaseAQueue.requests(settings.namespace()))).queueUrl();
        this.replies = new ReplyQueue(sqs, BaseAQueue.replyQueue(settings.namespace(), settings.replyName()), settings.replyRetention(), timers);
        this.receiver = daemon("base-a-queue-replies").newThread(this::receive);
        this.receiver.start();
    }

    /** Creates the reply queue and starts listening on it; the worker's request queue must exist. */
    public static BaseAQueueClient start(SqsClient sqs, S3Client s3, ClientSettings settings) {
        return new BaseAQueueClient(sqs, s3, settings);
    }

    public String replyQueue() {
        return replies.name();
    }

    public CompletableFuture<Answer> consumerAsync(String cpf, String purpose) {
        return send(QueueRequest.consumer(cpf, purpose));
    }

    public Answer consumer(String cpf, String purpose) {
        return await(consumerAsync(cpf, purpose));
    }

    public CompletableFuture<Answer> debtsAsync(String cpf, String purpose, int page, int pageSize) {
        return send(QueueRequest.debts(cpf, purpose, page, pageSize));
    }

    public Answer debts(String cpf, String purpose, int page, int pageSize) {
        return await(debtsAsync(cpf, purpose, page, pageSize));
    }

    /** Sends {@code request} under a new id; the future fails with {@link BaseAQueueException} or {@link TimeoutException}. */
    public CompletableFuture<Answer> send(QueueRequest request) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("the client is closed"));
        }
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(requestId, answer);
        SealedRequest sealed = SealedRequest.of(request, settings.token().get(), replies.name(), recipientKey, java.time.Instant.now());
        String body = Base64.getEncoder().encodeToString(Sealing.seal(toWorker, JSON.writeValueAsBytes(sealed), requestId));
        long attemptMillis = settings.timeout().toMillis() / settings.attempts();
        attempt(requestId, body, answer, 1, attemptMillis);
        ScheduledFuture<?> timeout = timers.schedule(() -> {
            if (pending.remove(requestId) != null) {
                answer.completeExceptionally(new TimeoutException("no answer to request " + requestId + " within "
                        + settings.timeout().toMillis() + " ms (" + settings.attempts() + " attempts)"));
            }
        }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        // A timer holds its answer until it fires: an answered request's timers go now, or every answer of the
        // last `timeout` (megabytes each when claim-checked) would stay reachable.
        answer.whenComplete((done, failure) -> timeout.cancel(false));
        return answer;
    }

    private void attempt(String requestId, String body, CompletableFuture<Answer> answer, int attempt, long attemptMillis) {
        if (answer.isDone()) {
            return;
        }
        try {
            sqs.sendMessage(b -> b.queueUrl(requestQueueUrl).messageBody(body).messageAttributes(Map.of(
                    BaseAQueue.REQUEST_ID, text(requestId))));
        } catch (RuntimeException e) {
            // A failed send is retried like a lost answer: same id, the worker answers once.
            log.warn("sending request {} (attempt {}) failed: {}", requestId, attempt, e.toString());
        }
        if (attempt < settings.attempts()) {
            ScheduledFuture<?> retry = timers.schedule(() -> attempt(requestId, body, answer, attempt + 1, attemptMillis),
                    attemptMillis, TimeUnit.MILLISECONDS);
            answer.whenComplete((done, failure) -> retry.cancel(false));
        }
    }

    private void receive() {
        while (running) {
            try {
                ReceiveMessageResponse response = sqs.receiveMessage(b -> b.queueUrl(replies.url()).maxNumberOfMessages(10)
                        .waitTimeSeconds(2));
                for (Message message : response.messages()) {
                    handlers.execute(() -> handle(message));
                }
            } catch (QueueDoesNotExistException e) {
                if (running) {
                    replies.recreate();
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("receiving replies on {} failed, retrying: {}", replies.name(), e.toString());
                    sleep(500);
                }
            }
        }
    }

    private void handle(Message message) {
        QueueReply reply;
        try {
            reply = JSON.readValue(message.body(), QueueReply.class);
        } catch (JacksonException e) {
            log.warn("dropping an unreadable reply on {}", replies.name());
            delete(message);
            return;
        }
        CompletableFuture<Answer> answer = pending.remove(reply.requestId() == null ? "" : reply.requestId());
        if (answer == null) {
            // An answer to a retried request that was answered already, or one that arrived after its timeout.
            delete(message);
            return;
        }
        Opened opened = null;
        try {
            opened = open(reply);
            answer.complete(opened.answer());
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        } finally {
            delete(message);
            if (opened != null && opened.fetched()) {
                payloads.delete(reply.claimCheck());
            }
        }
    }

    /** A reply opened; {@code fetched} when its sealed bytes came from S3 and matched their pointer. */
    private record Opened(Answer answer, boolean fetched) {
    }

    private Opened open(QueueReply reply) {
        if ((reply.inline() == null) == (reply.claimCheck() == null)) {
            throw new BaseAQueueException(0, "malformed reply", "a reply carries exactly one of inline and claimCheck");
        }
        byte[] sealed = reply.inline() != null ? Base64.getDecoder().decode(reply.inline()) : payloads.fetch(reply.requestId(), reply.claimCheck());
        ReplyContent content;
        try {
            content = JSON.readValue(Sealing.open(opener, sealed, reply.requestId()), ReplyContent.class);
        } catch (GeneralSecurityException | JacksonException e) {
            throw new BaseAQueueException("unreadable answer", "the answer was not sealed to this requester for this request", e);
        }
        if (content.status() != 200 || content.answer() == null) {
            ReplyContent.Problem problem = content.problem();
            throw new BaseAQueueException(content.status(), problem == null ? "error" : problem.title(), problem == null ? null : problem.detail());
        }
        return new Opened(new Answer(reply.requestId(), content.answer(), reply.claimCheck() != null, sealed.length), reply.claimCheck() != null);
    }

    private void delete(Message message) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(replies.url()).receiptHandle(message.receiptHandle()));
        } catch (RuntimeException e) {
            log.warn("cannot delete a reply from {}: {}", replies.name(), e.toString());
        }
    }

    private static Answer await(CompletableFuture<Answer> answer) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for Base A");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(e.getCause());
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** One timer thread; a cancelled task leaves its queue at once instead of at its deadline. */
    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("base-a-queue-timer"));
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening, fails what is still pending and deletes the reply queue (unread replies go with it). */
    @Override
    public void close() {
        running = false;
        try {
            receiver.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.forEach((id, answer) -> answer.completeExceptionally(new CancellationException("the client was closed")));
        pending.clear();
        timers.shutdownNow();
        handlers.shutdown();
        replies.close();
    }
}
