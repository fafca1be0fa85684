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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator, in a JVM of its own (started by {@link QueryBenchmark}): N closed-loop clients for a fixed
 * time, first sending the raw Elasticsearch requests a summary needs straight to Elasticsearch (the {@code mget}
 * of the "latest" documents and the erasure marker, and the windows aggregation, concurrently as the API sends
 * them), then {@code POST /v1/consumers/summary} to the API. Same HTTP client, same clients, same subjects.
 *
 * <p>Arguments: {@code <subjects file> <elasticsearch url> <latest index> <erasures index> <namespace>
 * <api url> <token> <clients> <seconds> <warm-up seconds>}. The subjects file has one {@code cpf subject} pair per line.
 * Every 10 s of a phase it prints the answers of those 10 s, so the warm-up's end (the JIT done) can be seen.
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
        generator.phase("raw Elasticsearch (mget + aggregation)", clients, seconds, warmUp, generator::raw);
        generator.phase("summary API (POST /v1/consumers/summary)", clients, seconds, warmUp, generator::summary);
        System.exit(0);
    }

    interface Call {
        void run(String[] consumer) throws Exception;
    }

    private void phase(String name, int clients, int seconds, int warmUp, Call call) throws Exception {
        String label = name.split(" ")[0];
        run(label + " warm-up", clients, warmUp, call); // the JIT (slow on 2 busy cores), connections, Elasticsearch's caches
        Result result = run(label, clients, seconds, call);
        System.out.printf("%-42s %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  (%d requests, %d errors, %d clients, %d s)%n",
                name, result.count / result.seconds, result.percentile(0.50), result.percentile(0.99), result.percentile(0.999),
                result.count, result.errors, clients, seconds);
        System.out.println("RESULT " + name.split(" ")[0] + " " + (long) (result.count / result.seconds) + " " + result.percentile(0.50) + " "
                + result.percentile(0.99) + " " + result.percentile(0.999));
    }

    private record Result(long[] latencies, long count, long errors, double seconds) {

        double percentile(double p) {
            return latencies.length == 0 ? Double.NaN : latencies[(int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] / 1e6;
        }
    }

    private Result run(String label, int clients, int seconds, Call call) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<long[]> perClient = new ArrayList<>();
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] latencies = new long[200_000];
            perClient.add(latencies);
            int client = c;
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end && counts[client] < latencies.length) {
                        String[] consumer = consumers.get(ThreadLocalRandom.current().nextInt(consumers.size()));
                        long t0 = System.nanoTime();
                        try {
                            call.run(consumer);
                            latencies[counts[client]++] = System.nanoTime() - t0;
                            answered.incrementAndGet();
                        } catch (Exception e) {
                            if (errors.incrementAndGet() == 1) {
                                System.err.println("first error: " + e.getMessage());
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        for (int tick = 1; !done.await(10, TimeUnit.SECONDS); tick++) {
            System.out.printf("  %s %3d s: %5.0f req/s over the last 10 s, %d errors so far%n", label, tick * 10, answered.getAndSet(0) / 10.0, errors.get());
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(all, total, errors.get(), elapsed);
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
