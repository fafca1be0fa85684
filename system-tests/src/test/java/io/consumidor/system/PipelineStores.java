package io.consumidor.system;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.consumidor.elasticsearch.ElasticsearchClients;
import io.consumidor.elasticsearch.ElasticsearchProperties;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a system test sees of the stores: queues and a MongoDB database of its own (unique names per test
 * class), and the shared Elasticsearch indices, where the test's documents are told apart by subject.
 */
final class PipelineStores implements AutoCloseable {

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String profileQueue = "sys-profile-" + suffix;
    final String activityQueue = "sys-activity-" + suffix;
    final String database = "system_" + suffix;
    final StackEnv stack = TestStack.env();
    final TestQueues queues = new TestQueues(stack);
    final MongoClient mongoClient = MongoClients.create(stack.mongoUri());
    final MongoDatabase mongo = mongoClient.getDatabase(database);
    final ElasticsearchClient elasticsearch = ElasticsearchClients.client(ElasticsearchClients.restClient(
            new ElasticsearchProperties(List.of(URI.create(stack.elasticsearchUrl())), null, null,
                    Duration.ofSeconds(2), Duration.ofSeconds(30))));

    String mongoUri() {
        String base = stack.mongoUri();
        int slash = base.indexOf('/', "mongodb://".length());
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + database;
    }

    /** Starts the stream router on this test's queues and database; {@code name} names its log. */
    AppProcess startRouter(String name, String... more) {
        Path ready = Path.of("target", name + ".ready").toAbsolutePath();
        try {
            Files.deleteIfExists(ready);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "spring.cloud.stream.bindings.route-in-0.destination=" + profileQueue + "," + activityQueue,
                "consumidor.router.runtime.queues=" + profileQueue + "," + activityQueue,
                "spring.mongodb.uri=" + mongoUri(),
                "spring.data.mongodb.uri=" + mongoUri(),
                "spring.cloud.stream.bindings.route-in-0.consumer.back-off-initial-interval=500",
                "spring.cloud.stream.sqs.bindings.route-in-0.consumer.poll-timeout=1s",
                "consumidor.router.runtime.ready-file=" + ready));
        arguments.addAll(List.of(more));
        return AppProcess.start(stack, "stream-router", name, Map.of(), arguments.stream().map(a -> "--" + a).toList(),
                () -> Files.isRegularFile(ready));
    }

    long profiles() {
        return mongo.getCollection("profiles").countDocuments();
    }

    /** Documents in the given indices whose subject starts with {@code subjectPrefix}, after a refresh. */
    long count(String indices, String subjectPrefix) {
        try {
            elasticsearch.indices().refresh(r -> r.index(indices).allowNoIndices(true).ignoreUnavailable(true));
            return elasticsearch.count(c -> c.index(indices).allowNoIndices(true).ignoreUnavailable(true)
                    .query(q -> q.prefix(p -> p.field("subject").value(subjectPrefix)))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sources of the subject's documents in the given indices, after a refresh. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Map<String, Object>> documents(String indices, String subject) {
        try {
            elasticsearch.indices().refresh(r -> r.index(indices).allowNoIndices(true).ignoreUnavailable(true));
            return elasticsearch.search(s -> s.index(indices).allowNoIndices(true).ignoreUnavailable(true).size(1000)
                            .query(q -> q.term(t -> t.field("subject").value(subject))), Map.class)
                    .hits().hits().stream().map(Hit::source).map(m -> (Map<String, Object>) m).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        mongo.drop();
        mongoClient.close();
        queues.close();
    }
}
