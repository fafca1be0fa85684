package io.consumidor.ingest.queue;

import io.consumidor.baseaqueue.QueueReply;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's reply sender on the real local SQS: every reply arrives, and its URL cache stays bounded. */
class RepliesIT {

    private final StackEnv env = TestStack.env();
    private final TestQueues queues = new TestQueues(env);
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        created.forEach(name -> queues.client().deleteQueue(b -> b.queueUrl(queues.url(name))));
        queues.close();
    }

    @Test
    void repliesToManyRequestersKeepTheUrlCacheBounded() {
        Replies replies = new Replies(queues.client(), 2);
        String prefix = "it-replies-" + System.nanoTime() % 1_000_000 + "-";
        for (int i = 0; i < 5; i++) {
            String name = prefix + i;
            queues.client().createQueue(b -> b.queueName(name));
            created.add(name);
        }

        for (String name : created) {
            assertThat(replies.send(name, QueueReply.inline("request-" + name, "c2VhbGVk"))).isTrue();
        }
        assertThat(replies.send(created.get(0), QueueReply.inline("again", "c2VhbGVk"))).isTrue();

        assertThat(replies.cachedQueues()).isEqualTo(2);
        assertThat(queues.drain(created.get(0))).hasSize(2); // whether evicted and looked up again or not, still delivered
        for (String name : created.subList(1, created.size())) {
            assertThat(queues.drain(name)).hasSize(1);
        }
    }

    @Test
    void aReplyQueueThatIsGoneIsReportedAndForgotten() {
        Replies replies = new Replies(queues.client());
        String name = "it-replies-gone-" + System.nanoTime() % 1_000_000;
        queues.client().createQueue(b -> b.queueName(name));
        assertThat(replies.send(name, QueueReply.inline("first", "c2VhbGVk"))).isTrue();
        queues.client().deleteQueue(b -> b.queueUrl(queues.url(name)));

        assertThat(replies.send(name, QueueReply.inline("second", "c2VhbGVk"))).isFalse();
        assertThat(replies.cachedQueues()).isZero();
    }
}
