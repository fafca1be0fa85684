package io.consumidor.baseaqueue;

import io.consumidor.core.wire.Namespace;

import java.util.regex.Pattern;

/**
 * The names Base A's queue worker and its requesters share: the request queue, the reply queues' name pattern
 * (the worker answers only on a queue that matches it, so a request cannot make it write anywhere else), the
 * message attribute, the tokens' audience and the S3 prefix of claim-checked payloads. Every name lives inside the deployment's
 * {@link Namespace}.
 */
public final class BaseAQueue {

    /** Requests to Base A; its dead-letter queue is {@code <queue>-dlq}. */
    public static final String REQUESTS = "consumidor-base-a-requests";
    /** Reply queues are {@code consumidor-base-a-replies-<name>}: one per requester instance. */
    public static final String REPLIES_PREFIX = "consumidor-base-a-replies-";
    /** A requester's own part of its reply queue name. */
    public static final String REPLY_NAME = "[A-Za-z0-9_-]{1,40}";

    /**
     * The request's id, the one message attribute of a request and the context its sealed body is bound to: the
     * correlation id and the worker's idempotency key. Everything else a request says is sealed ({@link SealedRequest}).
     */
    public static final String REQUEST_ID = "requestId";
    /** The audience of a token for the queue: its own, so a token for the REST APIs is no good here, nor the reverse. */
    public static final String TOKEN_AUDIENCE = "consumidor-base-a-queue";


    /**
     * Tag of a reply queue: when its requester last said it is alive (epoch seconds). Workers delete reply queues
     * whose requester stopped beating (killed without closing), so they do not pile up.
     */
    public static final String HEARTBEAT_TAG = "consumidor-heartbeat";

    /** Key prefix of claim-checked reply payloads in the bucket. */
    public static final String PAYLOAD_PREFIX = "base-a-replies/";

    /** Development only: the worker's generated private keyset, in the local key directory. */
    public static final String DEV_WORKER_KEYSET_FILE = "base-a-queue-worker.json";
    /** The worker's public keyset beside it, which local requesters seal their requests to. */
    public static final String DEV_WORKER_PUBLIC_KEYSET_FILE = "base-a-queue-worker.public.json";

    private static final Pattern REQUEST_ID_FORMAT = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    private BaseAQueue() {
    }

    public static String requests(Namespace namespace) {
        return namespace.apply(REQUESTS);
    }

    public static String replyQueue(Namespace namespace, String name) {
        String queue = namespace.apply(REPLIES_PREFIX + name);
        if (!replyQueues(namespace).matcher(queue).matches()) {
            throw new IllegalArgumentException("a reply queue name is 1-40 letters, digits, '-' or '_': " + name);
        }
        return queue;
    }

    /** The allow-list of reply queues in a namespace. */
    public static Pattern replyQueues(Namespace namespace) {
        return Pattern.compile(Pattern.quote(namespace.apply(REPLIES_PREFIX)) + REPLY_NAME);
    }

    public static boolean isRequestId(String value) {
        return value != null && REQUEST_ID_FORMAT.matcher(value).matches();
    }

    /** The object key of a claim-checked reply: one per request, so a retried answer overwrites, never orphans. */
    public static String payloadKey(String requestId) {
        return PAYLOAD_PREFIX + requestId;
    }
}
