package io.consumidor.router.routing;

import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;

import java.util.HashMap;
import java.util.Map;

/**
 * Which queue may carry which event: a type is accepted only from the queue of a feed its contract puts it on
 * ({@link EventType#feeds()}), so a grant to send to the activity queue — which the query API also holds, to record
 * its lookups — is no licence to send {@code consumer.erased} or a profile. On SQS the queue is the one identity of
 * a producer nobody can forge (the queue policy names who may send); a message attribute saying who sent it could be
 * forged by anyone who may send at all.
 */
public final class QueueFeeds {

    private final Map<String, Feed> byQueue;

    private QueueFeeds(Map<String, Feed> byQueue) {
        this.byQueue = Map.copyOf(byQueue);
    }

    /** The feeds' queues of a deployment. */
    public static QueueFeeds of(Namespace namespace) {
        Map<String, Feed> byQueue = new HashMap<>();
        for (Feed feed : Feed.values()) {
            byQueue.put(Queues.of(feed, namespace), feed);
        }
        return new QueueFeeds(byQueue);
    }

    /** Why {@code envelope} may not come from {@code queue}, or null when it may (unknown types are the route table's to refuse). */
    public String refusal(String queue, EventEnvelope envelope) {
        Feed feed = queue == null ? null : byQueue.get(queue);
        if (feed == null) {
            return "queue " + queue + " is not one of the feeds' queues " + byQueue.keySet();
        }
        return envelope.knownType().filter(type -> !type.feeds().contains(feed))
                .map(type -> type.wireName() + " is not accepted from " + queue + ": its producer publishes it on " + type.feeds())
                .orElse(null);
    }
}
