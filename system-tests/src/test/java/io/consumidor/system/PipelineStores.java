package io.consumidor.system;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileDocument;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.elasticsearch.ElasticsearchClients;
import io.consumidor.elasticsearch.ElasticsearchProperties;
import io.consumidor.testsupport.SearchRetries;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestDatabases;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.bson.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a system test sees of the stores, all of its own: a namespace (queues, Elasticsearch indices and
 * templates — the apps get it as {@code CONSUMIDOR_NAMESPACE}) and a MongoDB database, removed at the end.
 */
final class PipelineStores implements AutoCloseable {

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final Namespace namespace = Namespace.of("s" + suffix.replace("-", ""));
    final String profileQueue = Queues.of(Feed.PROFILE, namespace);
    final String activityQueue = Queues.of(Feed.ACTIVITY, namespace);
    final String database = "system_" + suffix;
    /** A PostgreSQL database of this test's own (Base A and the job repository): a replay walks every consumer there is. */
    final String postgresUrl = TestDatabases.createPostgres("system");
    final BaseCIndices indices = BaseCIndices.of(namespace);
    final StackEnv stack = TestStack.env();
    final TestQueues queues = new TestQueues(stack);
    final MongoClient mongoClient = MongoClients.create(stack.mongoUri());
    final MongoDatabase mongo = mongoClient.getDatabase(database);
    final ElasticsearchClient elasticsearch = ElasticsearchClients.client(ElasticsearchClients.restClient(
            new ElasticsearchProperties(List.of(URI.create(stack.elasticsearchUrl())), null, null,
                    Duration.ofSeconds(2), Duration.ofSeconds(30))));

    String mongoUri() {
        return mongoUri(database);
    }

    String mongoUri(String name) {
        String base = stack.mongoUri();
        int slash = base.indexOf('/', "mongodb://".length());
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + name;
    }

    /** What every app of this test gets besides the stack's environment: this test's namespace and databases. */
    Map<String, String> environment() {
        return Map.of("CONSUMIDOR_NAMESPACE", namespace.value(), "MONGODB_URI", mongoUri(), "POSTGRES_URL", postgresUrl);
    }

    /** This test's PostgreSQL database as the stack's administrator (job repository, Base A rows as stored). */
    org.springframework.jdbc.core.simple.JdbcClient postgres() {
        return org.springframework.jdbc.core.simple.JdbcClient.create(stack.postgres(stack.postgresUser(), stack.postgresPassword(), postgresUrl));
    }

    /** Starts the stream router on this test's queues and database; {@code name} names its log. */
    AppProcess startRouter(String name, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "spring.cloud.stream.bindings.route-in-0.consumer.back-off-initial-interval=500",
                "spring.cloud.stream.sqs.bindings.route-in-0.consumer.poll-timeout=1s"));
        arguments.addAll(List.of(more));
        return AppProcess.startProbed(stack, "stream-router", name, environment(), arguments.stream().map(a -> "--" + a).toList());
    }

    /** An S3 client for the stack's S3 (the caller closes it). */
    software.amazon.awssdk.services.s3.S3Client s3() {
        return new io.consumidor.aws.S3Connection(stack.s3Endpoint(), stack.awsRegion(), true, stack.awsAccessKeyId(), stack.awsSecretAccessKey(),
                null).client();
    }

    long profiles() {
        return mongo.getCollection(BaseBCollections.PROFILES).countDocuments();
    }

    ProfileDocument profile(String subject) {
        Document document = mongo.getCollection(BaseBCollections.PROFILES).find(Filters.eq("_id", subject)).first();
        return document == null ? null : ProfileCodec.read(document);
    }

    /** Documents in this test's {@code events} or {@code latest} whose subject starts with {@code subjectPrefix}. */
    long count(String logical, String subjectPrefix) {
        String pattern = indices.searchPattern(logical);
        return SearchRetries.whileShardsAllocate(() -> {
            elasticsearch.indices().refresh(r -> r.index(pattern).allowNoIndices(true).ignoreUnavailable(true));
            return elasticsearch.count(c -> c.index(pattern).allowNoIndices(true).ignoreUnavailable(true)
                    .query(q -> q.prefix(p -> p.field(EventFields.SUBJECT).value(subjectPrefix)))).count();
        });
    }

    /** The sources of the subject's documents in this test's {@code events} or {@code latest} (or both: "events,latest"). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Map<String, Object>> documents(String logical, String subject) {
        String pattern = String.join(",", java.util.Arrays.stream(logical.split(",")).map(indices::searchPattern).toList());
        return SearchRetries.whileShardsAllocate(() -> {
            elasticsearch.indices().refresh(r -> r.index(pattern).allowNoIndices(true).ignoreUnavailable(true));
            return elasticsearch.search(s -> s.index(pattern).allowNoIndices(true).ignoreUnavailable(true).size(1000)
                            .query(q -> q.term(t -> t.field(EventFields.SUBJECT).value(subject))), Map.class)
                    .hits().hits().stream().map(Hit::source).map(m -> (Map<String, Object>) m).toList();
        });
    }

    /** Every document of the test's MongoDB database that holds the subject anywhere, by collection. */
    Map<String, List<Document>> mentioning(String subject) {
        Map<String, List<Document>> found = new TreeMap<>();
        for (String collection : mongo.listCollectionNames()) {
            mongo.getCollection(collection).find().forEach(doc -> {
                if (doc.toJson().contains(subject)) {
                    found.computeIfAbsent(collection, c -> new ArrayList<>()).add(doc);
                }
            });
        }
        return found;
    }

    @Override
    public void close() {
        mongo.drop();
        mongoClient.close();
        for (String queue : List.of(profileQueue, activityQueue, Queues.deadLetters(profileQueue), Queues.deadLetters(activityQueue))) {
            try {
                queues.client().deleteQueue(b -> b.queueUrl(queues.url(queue)));
            } catch (RuntimeException absent) {
                // never created
            }
        }
        queues.close();
        try {
            IndexTemplates.dropNamespace(elasticsearch, indices);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TestDatabases.dropPostgres(postgresUrl);
        }
    }
}
