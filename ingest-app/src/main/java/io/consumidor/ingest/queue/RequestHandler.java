package io.consumidor.ingest.queue;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.RequestKind;
import io.consumidor.baseaqueue.Sealing;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.cpf.InvalidCpfException;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answers one request from the queue, with the REST API's rules: the requester's token verified by the same
 * decoder and the same scope ({@code base-a:read}), the same service call (which records the lookup as a
 * bureau query), an audit entry on channel {@code sqs} — never the CPF. The answer is sealed to the
 * requester's key and sent inline or, above the inline limit, through S3. A refused request gets an error reply
 * when its reply queue is allowed; a malformed one is also dead-lettered with the reason.
 */
class RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    private static final String READ = SecurityConfig.READ;
    /** Room for the reply's JSON around the base64 answer and its attributes. */
    private static final int ENVELOPE_BYTES = 1024;

    private final JwtDecoder tokens;
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

    RequestHandler(JwtDecoder tokens, ConsumerService consumers, AnsweredRequests answered, PayloadStore payloads, Replies replies,
                   AuditLog audit, HybridDecrypt workerKey, Pattern allowedReplyQueues, long inlineLimit, QueueMeters meters) {
        this.tokens = tokens;
        this.consumers = consumers;
        this.answered = answered;
        this.payloads = payloads;
        this.replies = replies;
        this.audit = audit;
        this.workerKey = workerKey;
        this.allowedReplyQueues = allowedReplyQueues;
        this.inlineLimit = inlineLimit;
        this.meters = meters;
    }

    /** What one handling decided; the caller settles the message accordingly. */
    Disposition handle(Message message) {
        long start = System.nanoTime();
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        String requestId = attribute(attributes, BaseAQueue.REQUEST_ID);
        String replyTo = attribute(attributes, BaseAQueue.REPLY_TO);
        Call call = new Call(BaseAQueue.isRequestId(requestId) ? requestId : "sqs:" + message.messageId(), start);
        if (replyTo == null || !allowedReplyQueues.matcher(replyTo).matches()) {
            // No reply at all: answering on a queue outside the allow-list is exactly what must not happen.
            return call.refused(400, "reply queue " + (replyTo == null ? "missing" : "outside the allow-list"), true);
        }
        call.replyTo = replyTo;
        if (!BaseAQueue.isRequestId(requestId)) {
            return call.refused(400, "requestId missing or malformed", true);
        }
        if (answered.statusOf(requestId).isPresent()) {
            log.info("request {} was answered already: dropping the redelivery", requestId);
            meters.redelivered();
            return Disposition.DONE;
        }
        HybridEncrypt recipient;
        try {
            recipient = Sealing.sealerTo(attribute(attributes, BaseAQueue.RECIPIENT_KEY));
        } catch (IllegalArgumentException | NullPointerException e) {
            return call.reply(QueueReply.problem(requestId, 400, "bad request", "recipientKey must be a public HPKE keyset (Tink JSON)"),
                    "recipientKey missing or not a public HPKE keyset");
        }
        Jwt token;
        String bearer = attribute(attributes, BaseAQueue.AUTHORIZATION);
        try {
            if (bearer == null || bearer.isBlank()) {
                throw new BadJwtException("no bearer token");
            }
            token = tokens.decode(bearer);
        } catch (JwtException | IllegalArgumentException e) {
            return call.reply(QueueReply.problem(requestId, 401, "unauthorized", "the bearer token is missing, malformed, expired or not trusted"), null);
        }
        call.principal = token.getSubject();
        call.client = token.getClaimAsString("azp");
        if (scopes.convert(token).stream().map(GrantedAuthority::getAuthority).noneMatch(READ::equals)) {
            return call.reply(QueueReply.problem(requestId, 403, "forbidden", "the token lacks the scope base-a:read"), null);
        }
        QueueRequest request;
        try {
            byte[] plain = Sealing.open(workerKey, Base64.getMimeDecoder().decode(message.body()), requestId);
            request = json.readValue(plain, QueueRequest.class);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return call.reply(QueueReply.problem(requestId, 400, "bad request", "the body is not sealed to the worker's key for this request"),
                    "body not sealed to the worker's key for this request");
        } catch (JacksonException e) {
            return call.reply(QueueReply.problem(requestId, 400, "bad request", "the body is not a request: " + e.getOriginalMessage()),
                    "body is not a request");
        }
        call.route = "base-a-requests/" + (request.kind() == null ? "unknown" : request.kind().wire());
        String invalid = invalid(request);
        if (invalid != null) {
            return call.reply(QueueReply.problem(requestId, 400, "invalid request", invalid), null);
        }
        byte[] answer;
        try {
            answer = answer(request, Cpf.parse(request.cpf()), call);
        } catch (ConsumerNotFoundException e) {
            return call.reply(QueueReply.problem(requestId, 404, "not found", "no consumer with this CPF"), null);
        } catch (DataAccessException e) {
            log.warn("request {}: Base A is unreachable ({}), leaving it for redelivery", requestId, e.getClass().getSimpleName());
            call.audit(503);
            return new Disposition.Retry("Base A unreachable");
        }
        byte[] sealed = Sealing.seal(recipient, answer, requestId);
        String inline = Base64.getEncoder().encodeToString(sealed);
        if (inline.length() + ENVELOPE_BYTES <= inlineLimit) {
            return call.reply(QueueReply.inline(requestId, inline), null);
        }
        QueueReply.ClaimCheck pointer;
        try {
            pointer = payloads.put(requestId, sealed);
        } catch (RuntimeException e) {
            log.warn("request {}: cannot store its {}-byte answer in S3: {}", requestId, sealed.length, e.getClass().getSimpleName());
            return call.reply(QueueReply.problem(requestId, 503, "claim-check unavailable",
                    "the answer (" + sealed.length + " bytes) is larger than a message and the payload store is unreachable; retry later"), null);
        }
        return call.reply(QueueReply.claimCheck(requestId, pointer), null);
    }

    private byte[] answer(QueueRequest request, Cpf cpf, Call call) {
        ConsumerView consumer = consumers.find(cpf, call.principal, call.client, request.purpose());
        if (request.kind() == RequestKind.CONSUMER) {
            return json.writeValueAsBytes(consumer);
        }
        int page = request.page() == null ? 0 : request.page();
        int size = request.pageSize() == null ? QueueRequest.DEFAULT_PAGE_SIZE : request.pageSize();
        List<ConsumerView.DebtView> debts = consumer.debts();
        int from = (int) Math.min((long) page * size, debts.size());
        int to = Math.min(from + size, debts.size());
        return json.writeValueAsBytes(new DebtsPage(consumer.subject(), page, size, debts.size(), to < debts.size(), debts.subList(from, to)));
    }

    /** One page of a consumer's debts, oldest first, as the queue answers {@code debts}. */
    record DebtsPage(String subject, int page, int pageSize, int total, boolean hasMore, List<ConsumerView.DebtView> debts) {
    }

    private static String invalid(QueueRequest request) {
        if (request.kind() == null) {
            return "kind: required (consumer or debts)";
        }
        try {
            Cpf.parse(request.cpf() == null ? "" : request.cpf());
        } catch (InvalidCpfException e) {
            return "cpf: not a valid CPF";
        }
        if (request.purpose() == null || request.purpose().isBlank() || request.purpose().length() > 64) {
            return "purpose: required, up to 64 characters";
        }
        if (request.kind() == RequestKind.DEBTS) {
            if (request.page() != null && request.page() < 0) {
                return "page: must be 0 or more";
            }
            if (request.pageSize() != null && (request.pageSize() < 1 || request.pageSize() > QueueRequest.MAX_PAGE_SIZE)) {
                return "pageSize: must be 1 to " + QueueRequest.MAX_PAGE_SIZE;
            }
        }
        return null;
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

        /** Sends the reply, then remembers the answer with its audit entry; {@code deadLetterReason} also dead-letters the request. */
        Disposition reply(QueueReply reply, String deadLetterReason) {
            boolean delivered = replies.send(replyTo, reply);
            AuditEntry entry = finish(delivered ? reply.status() : 410);
            try {
                answered.answered(requestId, reply.status(), entry);
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
