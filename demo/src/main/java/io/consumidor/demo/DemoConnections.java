package io.consumidor.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.consumidor.aws.S3Connection;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.core.wire.Namespace;
import io.consumidor.elasticsearch.ElasticsearchClients;
import io.consumidor.elasticsearch.ElasticsearchProperties;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The demo's own connections to the stores, from {@link DemoSettings} (the stack's {@code stack.env}): MongoDB and its
 * database, Elasticsearch and the namespace's indices, S3 through {@code platform/aws-clients}' {@link S3Connection}
 * like every other module's client. Closed together.
 */
final class DemoConnections implements AutoCloseable {

    private final DemoSettings settings;
    private final MongoClient mongo;
    private final org.elasticsearch.client.RestClient rest;
    private final ElasticsearchClient elasticsearch;
    private S3Client s3;

    DemoConnections(DemoSettings settings) {
        this.settings = settings;
        this.mongo = MongoClients.create(settings.mongoUri());
        this.rest = ElasticsearchClients.restClient(new ElasticsearchProperties(List.of(settings.elasticsearch()), null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(30)));
        this.elasticsearch = ElasticsearchClients.client(rest);
    }

    com.mongodb.client.MongoDatabase database() {
        String database = new ConnectionString(settings.mongoUri()).getDatabase();
        return mongo.getDatabase(database == null ? "consumidor" : database);
    }

    ElasticsearchClient elasticsearch() {
        return elasticsearch;
    }

    BaseCIndices indices() {
        return BaseCIndices.of(Namespace.of(settings.namespace()));
    }

    /** S3 is opened only by the commands that read datasets. */
    synchronized S3Client s3() {
        if (s3 == null) {
            s3 = new S3Connection(settings.s3Endpoint(), settings.awsRegion(), true, settings.awsAccessKeyId(),
                    settings.awsSecretAccessKey(), Duration.ofSeconds(30)).client();
        }
        return s3;
    }

    DemoStores stores() {
        return new DemoStores(database(), elasticsearch, indices());
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
        try {
            rest.close();
        } catch (IOException ignored) {
            // closing on the way out
        }
        mongo.close();
    }
}
