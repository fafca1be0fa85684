package io.consumidor.binder.sqs;

import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestStack;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A minimal stream application for the binder tests: two sinks whose behaviour a test steers through {@link Recorder}. */
@SpringBootApplication
public class BinderTestApp {

    /** What the sinks saw, and which bodies they should fail on. */
    public static final class Recorder {
        public final List<String> handled = new CopyOnWriteArrayList<>();
        public final List<Map<String, Object>> headers = new CopyOnWriteArrayList<>();
        public final Set<String> failRetryable = ConcurrentHashMap.newKeySet();
        public final Set<String> failHopeless = ConcurrentHashMap.newKeySet();
        public volatile long delayMillis;
        public volatile int batches;
    }

    @Bean
    Recorder recorder() {
        return new Recorder();
    }

    @Bean
    Consumer<Message<List<String>>> batchSink(Recorder recorder) {
        return message -> {
            recorder.batches++;
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> headers = (List<Map<String, Object>>) message.getHeaders().get(SqsHeaders.BATCH_HEADERS);
            List<BatchItemFailures.Failure> failures = new ArrayList<>();
            List<String> bodies = message.getPayload();
            for (int i = 0; i < bodies.size(); i++) {
                String body = bodies.get(i);
                pause(recorder.delayMillis);
                if (recorder.failHopeless.contains(body)) {
                    failures.add(new BatchItemFailures.Failure(i, "poison", new IllegalArgumentException("cannot parse " + body), true,
                            Map.of("route", "test-route")));
                } else if (recorder.failRetryable.contains(body)) {
                    failures.add(new BatchItemFailures.Failure(i, "store-unavailable", new IllegalStateException("down"), false, Map.of()));
                } else {
                    recorder.handled.add(body);
                    recorder.headers.add(headers.get(i));
                }
            }
            if (!failures.isEmpty()) {
                throw new BatchItemFailures(failures);
            }
        };
    }

    @Bean
    Consumer<Message<String>> oneSink(Recorder recorder) {
        return message -> {
            if (recorder.failRetryable.contains(message.getPayload())) {
                throw new IllegalStateException("handler failed on purpose");
            }
            recorder.handled.add(message.getPayload());
            recorder.headers.add(message.getHeaders());
        };
    }

    /** Starts the app with the local stack's SQS and the given extra properties. */
    static ConfigurableApplicationContext start(String... properties) {
        StackEnv env = TestStack.env();
        List<String> all = new ArrayList<>(List.of(
                "spring.cloud.aws.sqs.endpoint=" + env.sqsEndpoint(),
                "spring.cloud.aws.region.static=" + env.awsRegion(),
                "spring.cloud.aws.credentials.access-key=" + env.awsAccessKeyId(),
                "spring.cloud.aws.credentials.secret-key=" + env.awsSecretAccessKey(),
                "spring.main.web-application-type=none"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(BinderTestApp.class).run(all.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    /**
     * Simulated handler work (a slow store), not a wait for a condition: the shutdown test needs batches that
     * are still being handled when the consumer stops.
     */
    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
