package io.consumidor.router;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.Payloads;
import io.consumidor.core.subject.Subject;
import io.consumidor.core.wire.Namespace;
import io.consumidor.elasticsearch.ElasticsearchClients;
import io.consumidor.elasticsearch.ElasticsearchProperties;
import io.consumidor.testsupport.SearchRetries;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Queues, stores and envelopes for the router's tests: each harness has its own queues, MongoDB database and
 * namespace of Elasticsearch indices and templates, all removed at the end.
 */
public final class RouterHarness implements AutoCloseable {

    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    public final Namespace namespace = Namespace.of("r" + suffix.replace("-", ""));
    /** The feeds' queues by the contract's names, in the harness's namespace: the router accepts each type from its own only. */
    public final String profileQueue = io.consumidor.core.wire.Queues.of(io.consumidor.core.wire.Feed.PROFILE, namespace);
    public final String activityQueue = io.consumidor.core.wire.Queues.of(io.consumidor.core.wire.Feed.ACTIVITY, namespace);
    public final String database = "router_it_" + suffix;
    public final BaseCIndices indices = BaseCIndices.of(namespace);
    public final StackEnv env = TestStack.env();
    public final TestQueues queues;
    public final MongoClient mongoClient;
    public final MongoDatabase mongo;
    public final ElasticsearchClient elasticsearch;
    private final EventCodec codec = new EventCodec();
    private static final SecureRandom RANDOM = new SecureRandom();

    public RouterHarness() {
        queues = new TestQueues(env);
        mongoClient = MongoClients.create(env.mongoUri());
        mongo = mongoClient.getDatabase(database);
        elasticsearch = ElasticsearchClients.client(ElasticsearchClients.restClient(new ElasticsearchProperties(
                List.of(URI.create(env.elasticsearchUrl())), null, null, Duration.ofSeconds(2), Duration.ofSeconds(30))));
    }

    /** Router properties pointing at this harness's queues and database. */
    String[] routerProperties(String... more) {
        List<String> all = new ArrayList<>(List.of(
                "spring.cloud.aws.sqs.endpoint=" + env.sqsEndpoint(),
                "consumidor.namespace=" + namespace.value(),
                "spring.mongodb.uri=" + mongoUri(),
                "spring.data.mongodb.uri=" + mongoUri(),
                "consumidor.elasticsearch.uris=" + env.elasticsearchUrl(),
                "spring.cloud.stream.bindings.route-in-0.destination=" + profileQueue + "," + activityQueue,
                "spring.cloud.stream.bindings.route-in-0.consumer.back-off-initial-interval=500",
                "spring.cloud.stream.bindings.route-in-0.consumer.back-off-max-interval=4000",
                "spring.cloud.stream.bindings.route-in-0.consumer.max-attempts=30",
                "spring.cloud.stream.sqs.bindings.route-in-0.consumer.poll-timeout=1s",
                "consumidor.router.runtime.queues=" + profileQueue + "," + activityQueue,
                "consumidor.router.runtime.write-timeout=10s"));
        // A property given again replaces the default: repeated on the command line, Spring would join both
        // values ("http://es,http://127.0.0.1:9" — two Elasticsearch nodes instead of an unreachable one).
        Map<String, String> byName = new LinkedHashMap<>();
        Stream.concat(all.stream(), Arrays.stream(more))
                .forEach(property -> byName.put(property.substring(0, property.indexOf('=')), property));
        return byName.values().toArray(String[]::new);
    }

    public String mongoUri() {
        String base = env.mongoUri();
        int slash = base.indexOf('/', "mongodb://".length());
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + database;
    }

    public ConfigurableApplicationContext startRouter(String... more) {
        return startRouter(new Class<?>[0], more);
    }

    /** The router with extra configuration classes (a benchmark's instrumentation, say). */
    public ConfigurableApplicationContext startRouter(Class<?>[] extraSources, String... more) {
        Class<?>[] sources = Stream.concat(Stream.of(StreamRouterApplication.class), Arrays.stream(extraSources))
                .toArray(Class<?>[]::new);
        // As arguments: they must win over application.yml, which default properties would not.
        return new SpringApplicationBuilder(sources).run(Arrays.stream(routerProperties(more))
                .map(p -> "--" + p).toArray(String[]::new));
    }

    public static Subject randomSubject() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new Subject("dev_" + HexFormat.of().formatHex(bytes));
    }

    /** An event of another producer (ordered by its occurred-at), with the contract's typed payload. */
    public EventEnvelope event(EventType type, Subject subject, Instant at, Record payload) {
        return EventEnvelope.external(type, at, subject, Payloads.json(payload));
    }

    /** An event derived from Base A at the given row version. */
    public EventEnvelope baseA(EventType type, Subject subject, Instant at, long version, Record payload) {
        return EventEnvelope.fromBaseA(type, at, version, subject, payload == null ? codec.mapper().createObjectNode() : Payloads.json(payload));
    }

    /** An event with a raw payload (for payloads that break their type's contract). */
    public EventEnvelope raw(String type, int schemaVersion, Subject subject, Instant at, String payloadJson) {
        JsonNode payload = codec.mapper().readTree(payloadJson);
        return EventEnvelope.external(UUID.randomUUID(), type, schemaVersion, at, subject, payload);
    }

    public String json(EventEnvelope event) {
        return codec.write(event);
    }

    public void sendEvents(String queue, List<EventEnvelope> events) {
        queues.send(queue, events.stream().map(this::json).toList());
    }

    /** Documents of a subject in the harness's {@code events}, {@code latest} or {@code erasures} (refreshed first). */
    public List<Map<String, Object>> documents(String logical, Subject subject) {
        return documentsIn(logical.equals("erasures") ? indices.erasures() : indices.searchPattern(logical), subject);
    }

    public List<Map<String, Object>> allDocuments(Subject subject) {
        return documentsIn(indices.events() + "," + indices.latest(), subject);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private List<Map<String, Object>> documentsIn(String pattern, Subject subject) {
        return SearchRetries.whileShardsAllocate(() -> {
            elasticsearch.indices().refresh(r -> r.index(pattern).allowNoIndices(true).ignoreUnavailable(true));
            return elasticsearch.search(s -> s.index(pattern).allowNoIndices(true).ignoreUnavailable(true).size(1000)
                            .query(q -> q.term(t -> t.field("subject").value(subject.value()))), Map.class)
                    .hits().hits().stream().map(Hit::source).map(m -> (Map<String, Object>) m).toList();
        });
    }

    @Override
    public void close() {
        mongo.drop();
        mongoClient.close();
        for (String queue : List.of(profileQueue, activityQueue, profileQueue + "-dlq", activityQueue + "-dlq")) {
            try {
                queues.client().deleteQueue(b -> b.queueUrl(queues.url(queue)));
            } catch (RuntimeException absent) {
                // never created
            }
        }
        queues.close();
        try {
            IndexTemplates.dropNamespace(elasticsearch, indices);
        } catch (IOException | RuntimeException e) {
            // Elasticsearch stopped by the test, say: nothing of the developer's is touched either way.
        }
    }
}
