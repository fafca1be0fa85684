package io.consumidor.query.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.core.event.EventType;
import io.consumidor.core.wire.Namespace;
import io.consumidor.elasticsearch.ElasticsearchClients;
import io.consumidor.elasticsearch.ElasticsearchProperties;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import org.bson.Document;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The feature benchmark's load, in a JVM of its own (started by {@link FeaturesBenchmark}): first the raw store reads a
 * feature vector needs, sent straight to the stores with their own drivers — Base B's profile document, its
 * debt-summary history and its rating (MongoDB finds by id and by the subject index) while Base C's aggregation of the
 * dataset's measures runs ({@link ActivitySummaries}' request, the one the export and the API send) — then
 * {@code POST /v1/features} to the API. Same clients, same consumers, warmed up alike ({@link ClosedLoop}). A vector with
 * columns unavailable (a store late past the section limit) counts as an error, not an answer.
 *
 * <p>Arguments: {@code <subjects file> <mongodb uri> <elasticsearch url> <namespace> <dataset> <api url> <token> <clients>
 * <seconds> <warm-up seconds>}.
 */
public final class FeaturesLoadGenerator {

    public static void main(String[] args) throws Exception {
        List<String[]> consumers = Files.readAllLines(Path.of(args[0])).stream().map(line -> line.split(" ")).toList();
        String dataset = args[4];
        String api = args[5];
        String token = args[6];
        int clients = Integer.parseInt(args[7]);
        int seconds = Integer.parseInt(args[8]);
        int warmUp = Integer.parseInt(args[9]);
        Dataset definition = Datasets.shipped().find(dataset).orElseThrow();
        ExecutorService baseC = Executors.newFixedThreadPool(clients);
        try (MongoClient mongo = MongoClients.create(args[1]); var rest = ElasticsearchClients.restClient(new ElasticsearchProperties(
                List.of(URI.create(args[2])), null, null, Duration.ofSeconds(2), Duration.ofSeconds(30), 128))) {
            ElasticsearchClient elasticsearch = ElasticsearchClients.client(rest);
            MongoDatabase baseB = mongo.getDatabase(new com.mongodb.ConnectionString(args[1]).getDatabase());
            MongoCollection<Document> profiles = baseB.getCollection(BaseBCollections.PROFILES);
            MongoCollection<Document> ratings = baseB.getCollection(BaseBCollections.RATINGS);
            ProfileHistory history = new ProfileHistory(baseB);
            ActivitySummaries activity = new ActivitySummaries(elasticsearch, BaseCIndices.of(Namespace.of(args[3])));
            List<EventType> newest = definition.daysSinceLastCardPurchase() ? List.of(EventType.CARD_PURCHASE) : List.of();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            ClosedLoop load = new ClosedLoop(consumers);
            load.phase("raw stores (3 Base B finds + Base C aggregation)", clients, seconds, warmUp, consumer -> {
                String subject = consumer[1];
                Instant now = Instant.now();
                CompletableFuture<ActivitySummaries.Values> c = CompletableFuture.supplyAsync(() -> activity.summarize(List.of(subject),
                        definition.measures(), newest, now).getOrDefault(subject, ActivitySummaries.Values.NONE), baseC);
                if (profiles.find(Filters.eq("_id", subject)).first() == null) {
                    throw new IllegalStateException("no profile");
                }
                history.entries(subject, ProfileGroup.DEBT_SUMMARY, now);
                ratings.find(Filters.eq("_id", subject)).first();
                c.join();
            });
            load.phase("features API (POST /v1/features)", clients, seconds, warmUp, consumer -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/features"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"cpf\":\"" + consumer[0] + "\",\"dataset\":\"" + dataset
                                + "\",\"purpose\":\"benchmark\"}")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body().substring(0, Math.min(200, response.body().length())));
                }
                if (!response.body().contains("\"unavailable\":[]")) {
                    // a vector with columns unavailable is cheaper than a whole one: counted an error, never a success
                    throw new IllegalStateException("a partial vector (a store did not answer in time)");
                }
            });
        } finally {
            baseC.shutdownNow();
        }
        System.exit(0);
    }
}
