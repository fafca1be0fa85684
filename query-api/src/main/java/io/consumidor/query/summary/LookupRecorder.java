package io.consumidor.query.summary;

import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.Payloads;
import io.consumidor.core.subject.Subject;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.MessageAttributes;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.query.QueryProperties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records an answered lookup as a {@code bureau.query} on the activity feed — the queue the router indexes into
 * Base C, so the consumer's "who looked at my data" and the scorecard's recent inquiries both see it. Fail
 * closed: the event is sent, and SQS has confirmed it, before the answer leaves; when the feed is unreachable
 * the lookup is refused ({@link NotRecordedException}) instead of answered unrecorded. Chosen over a local
 * buffer because the query API keeps no state of its own: a buffer would be a second outbox with its own loss
 * modes, and a refused lookup can simply be asked again. Concurrent lookups' records share SQS batch calls
 * (the SDK's {@link SqsAsyncBatchManager}, flushed every few milliseconds); each lookup still waits for its own
 * message's confirmation.
 */
@Component
public class LookupRecorder {

    private final SqsAsyncClient sqs;
    private final SqsAsyncBatchManager batches;
    private final String queue;
    private final QueryProperties properties;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();
    private volatile String queueUrl;

    LookupRecorder(SqsAsyncClient sqs, SqsAsyncBatchManager batches, QueryProperties properties, Clock clock) {
        this.sqs = sqs;
        this.batches = batches;
        this.queue = Queues.of(Feed.ACTIVITY, Namespace.of(properties.namespace()));
        this.properties = properties;
        this.clock = clock;
    }

    public void record(Subject subject, String requestedBy, String client, String purpose) {
        EventEnvelope event = EventEnvelope.external(EventType.BUREAU_QUERY, clock.instant(), subject,
                Payloads.json(new BureauQuery(BureauQuery.OWN_BUREAU, purpose, requestedBy, client)));
        try {
            String url = queueUrl();
            batches.sendMessage(b -> b.queueUrl(url).messageBody(codec.write(event)).messageAttributes(Map.of(
                            MessageAttributes.EVENT_ID, string(event.eventId().toString()),
                            MessageAttributes.EVENT_TYPE, string(event.type()),
                            MessageAttributes.SUBJECT, string(subject.value()),
                            MessageAttributes.SOURCE_VERSION, MessageAttributeValue.builder().dataType("Number")
                                    .stringValue(Long.toString(event.sourceVersion())).build())))
                    .get(properties.recordTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            queueUrl = null; // a restarted local SQS forgets its queues: look the URL up again next time
            throw new NotRecordedException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRecordedException(e);
        }
    }

    private String queueUrl() throws InterruptedException, ExecutionException, TimeoutException {
        String url = queueUrl;
        if (url == null) {
            // Created when missing, as the outbox relay does; the router adds the dead-letter redrive.
            url = sqs.createQueue(b -> b.queueName(queue)).get(properties.recordTimeout().toMillis(), TimeUnit.MILLISECONDS).queueUrl();
            queueUrl = url;
        }
        return url;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
