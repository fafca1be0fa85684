package io.consumidor.router;

import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.MessageAttributes;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gives the router's configuration the names the contract declares, so they are not written out a second
 * time in YAML: {@code consumidor.router.input-queues} (the two feeds in the deployment's namespace, which
 * {@code application.yml} binds to {@code route-in-0}) and the message attributes a dead letter keeps first.
 * The lowest-precedence source, so an explicit setting (a test's own queues) still wins.
 */
public final class ContractNames implements EnvironmentPostProcessor {

    static final String INPUT_QUEUES = "consumidor.router.input-queues";
    static final String DEAD_LETTER_ATTRIBUTES = "spring.cloud.stream.sqs.default.consumer.dead-letter-kept-attributes";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Function<ConfigurableEnvironment, String>> names = Map.of(
                INPUT_QUEUES, env -> {
                    Namespace namespace = Namespace.of(env.getProperty("consumidor.namespace", ""));
                    return Arrays.stream(Feed.values()).map(feed -> Queues.of(feed, namespace)).collect(Collectors.joining(","));
                },
                DEAD_LETTER_ATTRIBUTES, env -> String.join(",", List.of(MessageAttributes.EVENT_ID, MessageAttributes.EVENT_TYPE,
                        MessageAttributes.SUBJECT, MessageAttributes.SOURCE_VERSION, "traceparent")));
        // Computed when read, not now: the namespace may come from a property source added after this one.
        environment.getPropertySources().addLast(new PropertySource<>("consumidor-contract-names") {
            @Override
            public Object getProperty(String name) {
                Function<ConfigurableEnvironment, String> value = names.get(name);
                return value == null ? null : value.apply(environment);
            }
        });
    }
}
