package io.consumidor.ingest.queue;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import io.consumidor.apisecurity.ClientRateLimitFilter;
import io.consumidor.apisecurity.ClientRateLimits;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.ReplyContent;
import io.consumidor.baseaqueue.RequestKind;
import io.consumidor.baseaqueue.SealedRequest;
import io.consumidor.baseaqueue.Sealing;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.ingest.audit.AuditEntry;
import io.consumidor.ingest.audit.AuditLog;
import io.consumidor.ingest.consumer.ConsumerNotFoundException;
import io.consumidor.ingest.consumer.ConsumerService;
import io.consumidor.ingest.consumer.ConsumerView;
import io.consumidor.ingest.security.SecurityConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answers one request from the queue, with the REST API's rules: the token sealed in the request verified for the
 * queue's own audience, with a capped lifetime and accepted for one request only ({@link TokenClaims}), the same
 * scope ({@code base-a:read}), the same service call (which records the lookup as a bureau query), an audit entry
 * on channel {@code sqs} — never the CPF. Only the sealed values count: the reply goes to the sealed reply queue
 * (if the allow-list has it), sealed to the sealed key, refusals included. A request whose seal, route or key is
 * bad gets no reply at all and is dead-lettered with the reason.
 */
class RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    private static final String READ = SecurityConfig.READ;
    /** Room for the reply's JSON around the base64 answer and its attributes. */
    private static final int ENVELOPE_BYTES = 1024;

    /** A requester's clock may run this far ahead of the worker's. */
    private static final Duration FUTURE_SKEW = Duration.ofSeconds(60);

    private final JwtDecoder tokens;
    private final TokenClaims claims;
    private final QueueWorkerProperties limits;
    private final Clock clock;
    private final ClientRateLimits rates;
    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
    private final ConsumerService consumers;
    private final AnsweredRequests answered;
    private final PayloadStore payloads;
    private final Replies replies;
    private final AuditLog audit;
    private final HybridDecrypt workerKey;
    private final Pattern allowedReplyQueues;
    private final long inlineLimit;
    private final QueueMeters meters;
    private final JsonMapper json = JsonMapper.builder().build();

    RequestHandler(JwtDecoder tokens, TokenClaims claims, ConsumerService consumers, AnsweredRequests answered, PayloadStore payloads,
                   Replies replies, AuditLog audit, HybridDecrypt workerKey, Pattern allowedReplyQueues, QueueWorkerProperties limits,
                   QueueMeters meters, Clock clock) {
        this.tokens = tokens;
        this.claims = claims;
        this.limits = limits;
        this.clock = clock;
        this.rates = limits.rateLimit().limits();
        this.consumers = consumers;
        this.answered = answered;
        this.payloads = payloads;
        this.replies = replies;
        this.audit = audit;
        this.workerKey = workerKey;
        this.allowedReplyQueues = allowedReplyQueues;
        this.inlineLimit = limits.inlineLimit().toBytes();
        this.meters = meters;
    }

    /** What one handling decided; the caller settles the message accordingly. */
    Disposition handle(Message message) {
        long start = System.nanoTime();
        String requestId = attribute(message.messageAttributes(), BaseAQueue.REQUEST_ID);
        Call call = new Call(BaseAQueue.isRequestId(requestId) ? requestId : "sqs:" + message.messageId(), start);
        if (!BaseAQueue.isRequestId(requestId)) {
            return call.refused(400, "requestId missing or malformed", true);
        }
        SealedRequest sealed;
        try {
            sealed = json.readValue(Sealing.open(workerKey, Base64.getMimeDecoder().decode(message.body()), requestId), SealedRequest.class);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return call.refused(400, "body not sealed to the worker's key for this request", true);
        } catch (JacksonException e) {
            return call.refused(400, "body is not a request", true);
        }
        // Until the reply route and key are known from the seal, there is nobody to answer: a dead letter, no reply.
        if (sealed.replyTo() == null || !allowedReplyQueues.matcher(sealed.replyTo()).matches()) {
            return call.refused(400, "reply queue missing or outside the allow-list", true);
        }
        try {
            call.recipient = Sealing.sealerTo(sealed.recipientKey());
        } catch (IllegalArgumentException | NullPointerException e) {
            return call.refused(400, "recipientKey missing or not a public HPKE keyset", true);
        }
        call.replyTo = sealed.replyTo();
        Disposition refused = authorise(sealed, call);
        return refused != null ? refused : answer(sealed.request(), call);
    }

    /** The sealed token, its scope, the request's age and its one-time claim; null when the request may be answered. */
    private Disposition authorise(SealedRequest sealed, Call call) {
        Instant now = clock.instant();
        if (sealed.issuedAt() == null || sealed.issuedAt().isBefore(now.minus(limits.maxRequestAge()))
                || sealed.issuedAt().isAfter(now.plus(FUTURE_SKEW))) {
            return call.problem(401, "expired request", "the request was sealed more than " + limits.maxRequestAge().toSeconds()
                    + " s ago (or in the future); seal it again with a fresh token", null);
        }
        if (!SealedRequest.isNonce(sealed.nonce())) {
            return call.problem(400, "bad request", "nonce: 16 random bytes, base64url", "nonce missing or malformed");
        }
        Jwt token;
        try {
            if (sealed.authorization() == null || sealed.authorization().isBlank()) {
                throw new BadJwtException("no bearer token");
            }
            token = tokens.decode(sealed.authorization());
        } catch (JwtException | IllegalArgumentException e) {
            return call.problem(401, "unauthorized", "the bearer token is missing, malformed, expired, not for this queue or not trusted", null);
        }
        call.principal = token.getSubject();
        call.client = token.getClaimAsString("azp");
        if (scopes.convert(token).stream().map(GrantedAuthority::getAuthority).noneMatch(READ::equals)) {
            return call.problem(403, "forbidden", "the token lacks the scope base-a:read", null);
        }
        java.util.OptionalLong wait = rates.take(ClientRateLimitFilter.client(token));
        if (wait.isPresent()) {
            return call.problem(429, "too many requests", "this client sends more requests than its rate allows; send a new request"
                    + " after " + Math.max(1, wait.getAsLong()) + " s", null);
        }
        return switch (claims.claim(token.getId(), call.requestId, sealed.nonce(), token.getExpiresAt())) {
            case NEW, RETRY -> null;
            case ANSWERED -> {
                log.info("request {} was answered already: dropping the redelivery", call.requestId);
                meters.redelivered();
                yield Disposition.DONE;
            }
            case REPLAYED -> {
                meters.replayed();
                yield call.problem(401, "replayed token", "the token was used for another request; every request needs a fresh token", null);
            }
            case ID_TAKEN -> call.problem(409, "request id taken", "another request holds this request id; send it under a new id", null);
        };
    }

    private Disposition answer(QueueRequest request, Call call) {
        if (request == null) {
            return call.problem(400, "bad request", "request: required", "body is not a request");
        }
        call.route = "base-a-requests/" + (request.kind() == null ? "unknown" : request.kind().wire());
        String invalid = request.invalid();
        if (invalid != null) {
            return call.problem(400, "invalid request", invalid, null);
        }
        byte[] answer;
        try {
            answer = answer(request, Cpf.parse(request.cpf()), call);
        } catch (ConsumerNotFoundException e) {
            return call.problem(404, "not found", "no consumer with this CPF", null);
        } catch (DataAccessException e) {
            log.warn("request {}: Base A is unreachable ({}), leaving it for redelivery", call.requestId, e.getClass().getSimpleName());
            call.audit(503);
            return new Disposition.Retry("Base A unreachable");
        }
        byte[] sealed = Sealing.seal(call.recipient, ReplyContent.answer(answer), call.requestId);
        String inline = Base64.getEncoder().encodeToString(sealed);
        if (inline.length() + ENVELOPE_BYTES <= inlineLimit) {
            return call.reply(QueueReply.inline(call.requestId, inline), 200, null);
        }
        QueueReply.ClaimCheck pointer;
        try {
            pointer = payloads.put(call.requestId, sealed);
        } catch (RuntimeException e) {
            log.warn("request {}: cannot store its {}-byte answer in S3: {}", call.requestId, sealed.length, e.getClass().getSimpleName());
            return call.problem(503, "claim-check unavailable",
                    "the answer (" + sealed.length + " bytes) is larger than a message and the payload store is unreachable; retry later", null);
        }
        return call.reply(QueueReply.claimCheck(call.requestId, pointer), 200, null);
    }

    private byte[] answer(QueueRequest request, Cpf cpf, Call call) {
        if (request.kind() == RequestKind.CONSUMER) {
            return json.writeValueAsBytes(consumers.find(cpf, call.principal, call.client, request.purpose()));
        }
        int page = request.page() == null ? 0 : request.page();
        int size = request.pageSize() == null ? QueueRequest.DEFAULT_PAGE_SIZE : request.pageSize();
        // One page read and decrypted in SQL (LIMIT/OFFSET), not the consumer's every debt sliced here.
        return json.writeValueAsBytes(consumers.debts(cpf, call.principal, call.client, request.purpose(), page, size));
    }

    private static String attribute(Map<String, MessageAttributeValue> attributes, String name) {
        MessageAttributeValue value = attributes.get(name);
        return value == null ? null : value.stringValue();
    }

    /** The state of one handling, for its reply and its audit entry. */
    private final class Call {
        private final String requestId;
        private final long start;
        private String replyTo;
        private HybridEncrypt recipient;
        private String principal;
        private String client;
        private String route = "base-a-requests";

        Call(String requestId, long start) {
            this.requestId = requestId;
            this.start = start;
        }

        /** Refused without a reply (no allowed queue to send it to). */
        Disposition refused(int status, String reason, boolean deadLetter) {
            log.warn("request {} refused without a reply: {}", requestId, reason);
            audit(status);
            return deadLetter ? new Disposition.DeadLetter(reason) : Disposition.DONE;
        }

        /** A refusal, sealed to the requester like an answer, on the sealed reply route. */
        Disposition problem(int status, String title, String detail, String deadLetterReason) {
            byte[] sealed = Sealing.seal(recipient, json.writeValueAsBytes(ReplyContent.problem(status, title, detail)), requestId);
            return reply(QueueReply.inline(requestId, Base64.getEncoder().encodeToString(sealed)), status, deadLetterReason);
        }

        /** Sends the reply, then remembers the answer with its audit entry; {@code deadLetterReason} also dead-letters the request. */
        Disposition reply(QueueReply reply, int status, String deadLetterReason) {
            boolean delivered = replies.send(replyTo, reply);
            AuditEntry entry = finish(delivered ? status : 410);
            try {
                answered.answered(requestId, status, entry);
            } catch (RuntimeException e) {
                AuditLog.gap(entry, e); // and the poller leaves the request for redelivery, which records it
                throw e;
            }
            if (!delivered) {
                log.info("request {}: its reply queue is gone (the requester went away); answer dropped", requestId);
            }
            return deadLetterReason == null ? Disposition.DONE : new Disposition.DeadLetter(deadLetterReason);
        }

        void audit(int status) {
            audit.record(finish(status));
        }

        /** The handling's audit entry, its latency also recorded in the worker's meters (once per handling). */
        private AuditEntry finish(int status) {
            long elapsed = System.nanoTime() - start;
            AuditEntry entry = new AuditEntry(AuditEntry.SQS, requestId, principal, client, null, "SQS", route, status,
                    (int) (elapsed / 1_000_000));
            meters.handled(entry, elapsed);
            return entry;
        }
    }
}
