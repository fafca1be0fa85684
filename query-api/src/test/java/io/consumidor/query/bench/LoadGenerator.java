package io.consumidor.query.bench;

import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.FinancialMovement;
import io.consumidor.core.wire.Namespace;

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

/**
 * The load generator, in a JVM of its own (started by {@link QueryBenchmark}): N closed-loop clients for a fixed
 * time, first sending the raw Elasticsearch requests a summary needs straight to Elasticsearch (the {@code mget}
 * of the "latest" documents and the erasure marker, and the windows aggregation, concurrently as the API sends
 * them), then {@code POST /v1/consumers/summary} to the API. Same HTTP client, same clients, same subjects.
 *
 * <p>Arguments: {@code <subjects file> <elasticsearch url> <latest index> <erasures index> <namespace>
 * <api url> <token> <clients> <seconds> <warm-up seconds>}. The subjects file has one {@code cpf subject} pair per line.
 * The clients are {@link ClosedLoop}'s.
 */
public final class LoadGenerator {

    private final List<String[]> consumers;
    private final String elasticsearch;
    private final String latest;
    private final String erasures;
    private final BaseCIndices indices;
    private final String api;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private LoadGenerator(String[] args) throws Exception {
        consumers = Files.readAllLines(Path.of(args[0])).stream().map(line -> line.split(" ")).toList();
        elasticsearch = args[1];
        latest = args[2];
        erasures = args[3];
        indices = BaseCIndices.of(Namespace.of(args[4]));
        api = args[5];
        token = args[6];
    }

    public static void main(String[] args) throws Exception {
        LoadGenerator generator = new LoadGenerator(args);
        int clients = Integer.parseInt(args[7]);
        int seconds = Integer.parseInt(args[8]);
        int warmUp = Integer.parseInt(args[9]);
        ClosedLoop load = new ClosedLoop(generator.consumers);
        load.phase("raw Elasticsearch (mget + aggregation)", clients, seconds, warmUp, generator::raw);
        load.phase("summary API (POST /v1/consumers/summary)", clients, seconds, warmUp, generator::summary);
        System.exit(0);
    }

    private void raw(String[] consumer) throws Exception {
        String subject = consumer[1];
        String source = "\"_source\":[\"" + EventFields.OCCURRED_AT + "\",\"" + EventFields.PAYLOAD + "\"]";
        String mget = "{\"docs\":[{\"_index\":\"" + latest + "\",\"_id\":\"" + BaseCIndices.latestId(subject, EventType.BUREAU_QUERY.wireName()) + "\"," + source + "},"
                + "{\"_index\":\"" + latest + "\",\"_id\":\"" + BaseCIndices.latestId(subject, EventType.CARD_PURCHASE.wireName()) + "\"," + source + "},"
                + "{\"_index\":\"" + erasures + "\",\"_id\":\"" + subject + "\",\"_source\":false}]}";
        CompletableFuture<HttpResponse<String>> docs = http.sendAsync(post(elasticsearch + "/_mget", mget), HttpResponse.BodyHandlers.ofString());
        Instant now = Instant.now();
        String months = String.join(",", indices.eventsBetween(now.minus(Duration.ofDays(90)), now));
        CompletableFuture<HttpResponse<String>> windows = http.sendAsync(post(elasticsearch + "/" + months
                + "/_search?allow_no_indices=true&ignore_unavailable=true", windows(subject, now)), HttpResponse.BodyHandlers.ofString());
        check(docs.join());
        check(windows.join());
    }

    private void summary(String[] consumer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/v1/consumers/summary")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"cpf\":\"" + consumer[0] + "\",\"purpose\":\"benchmark\"}")).build();
        check(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body().substring(0, Math.min(200, response.body().length())));
        }
    }

    /** The body BaseCReader.windows sends for one subject and the summary's six measures. */
    private static String windows(String subject, Instant now) {
        String asOf = now.toString();
        String d30 = now.minus(Duration.ofDays(30)).toString();
        String d90 = now.minus(Duration.ofDays(90)).toString();
        return "{\"size\":0,\"track_total_hits\":false,\"query\":{\"bool\":{\"filter\":[{\"term\":{\"" + EventFields.SUBJECT + "\":\"" + subject + "\"}},"
                + "{\"range\":{\"" + EventFields.OCCURRED_AT + "\":{\"gt\":\"" + d90 + "\",\"lte\":\"" + asOf + "\"}}}]}},"
                + "\"aggregations\":{"
                + count("queries30", EventType.BUREAU_QUERY.wireName(), d30) + "," + count("queries90", EventType.BUREAU_QUERY.wireName(), d90) + ","
                + sum("in30", "IN", d30) + "," + sum("out30", "OUT", d30) + "," + sum("in90", "IN", d90) + "," + sum("out90", "OUT", d90) + "}}";
    }

    private static String count(String name, String type, String from) {
        return "\"" + name + "\":{\"filter\":{\"bool\":{\"filter\":[{\"term\":{\"" + EventFields.TYPE + "\":\"" + type + "\"}},{\"range\":{\"" + EventFields.OCCURRED_AT + "\":{\"gt\":\"" + from + "\"}}}]}}}";
    }

    private static String sum(String name, String direction, String from) {
        return "\"" + name + "\":{\"filter\":{\"bool\":{\"filter\":[{\"term\":{\"" + EventFields.TYPE + "\":\"" + EventType.FINANCIAL_MOVEMENT.wireName() + "\"}},{\"range\":{\"" + EventFields.OCCURRED_AT + "\":{\"gt\":\"" + from
                + "\"}}},{\"term\":{\"" + EventFields.payload(FinancialMovement.DIRECTION) + "\":\"" + direction
                + "\"}}]}},\"aggregations\":{\"sum\":{\"sum\":{\"field\":\"" + EventFields.payload(FinancialMovement.AMOUNT) + "\"}}}}";
    }
}
