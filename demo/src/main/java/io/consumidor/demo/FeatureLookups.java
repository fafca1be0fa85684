package io.consumidor.demo;

import io.consumidor.features.logs.FeatureLogs;
import io.consumidor.stack.LocalIssuer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * The demo's online lookups: each consumer's feature vector of both datasets through the query API's
 * {@code POST /v1/features}, as a lender's scoring service asks it (scope {@code features:read}); then the wait until
 * the query API's lookup log has committed them to S3 (locally every lookup is logged, flushed every few seconds),
 * so the consistency job that follows checks them all. All of one dataset first, then the other: a lookup's own
 * bureau query is indexed before the next round asks.
 */
final class FeatureLookups {

    static final List<String> DATASETS = List.of("credit-scoring", DemoCli.TRAINING_SET);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LOG_WAIT = Duration.ofSeconds(60);

    private final URI query;
    private final LocalIssuer issuer;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FeatureLookups(URI query, LocalIssuer issuer, PrintStream out) {
        this.query = query;
        this.issuer = issuer;
        this.out = out;
    }

    /** Looks every CPF up in every dataset; returns the answered lookups. */
    int lookUp(List<String> cpfs) {
        String token = issuer.token("demo-scoring", List.of("features:read"), Duration.ofMinutes(30), LocalIssuer.AUDIENCE);
        int answered = 0;
        JsonNode example = null;
        for (String dataset : DATASETS) {
            int notFound = 0;
            for (String cpf : cpfs) {
                HttpResponse<String> response = send(token, "{\"cpf\":\"" + cpf + "\",\"dataset\":\"" + dataset + "\",\"purpose\":\"demo-scoring\"}");
                if (response.statusCode() == 200) {
                    answered++;
                    if (example == null && dataset.equals(DemoCli.TRAINING_SET)) {
                        example = JSON.readTree(response.body());
                    }
                } else if (response.statusCode() == 404) {
                    notFound++;
                } else {
                    throw new IllegalStateException("POST /v1/features answered " + response.statusCode() + ": " + response.body());
                }
            }
            out.printf("Looked up %d consumers' %s feature vectors online (POST /v1/features)%s.%n", cpfs.size(), dataset,
                    notFound == 0 ? "" : ", " + notFound + " unknown");
        }
        if (example != null) {
            JsonNode f = example.get("features");
            out.printf("  e.g. %s as of %s: score_at_t %s (%s), debts_open_count %s, times_30dpd_12m %s, bureau_queries_30d %s,"
                            + " card_purchases_count_30d %s, population %s — %d features, definition %s%n", example.get("dataset").asString(),
                    example.get("asOf").asString(), f.get("score_at_t"), f.get("score_at_t_band").asString(), f.get("debts_open_count"),
                    f.get("times_30dpd_12m"), f.get("bureau_queries_30d"), f.get("card_purchases_count_30d"),
                    example.get("population").isNull() ? "inside" : example.get("population").asString(), f.size(),
                    example.get("definitionHash").asString().substring(0, 12));
        }
        return answered;
    }

    /** Waits until the day's committed log batches hold {@code expected} rows (or a minute has passed); returns the rows. */
    long awaitLog(S3Client s3, String bucket, String prefix, LocalDate day, long expected) {
        long deadline = System.nanoTime() + LOG_WAIT.toNanos();
        long rows = 0;
        while (System.nanoTime() < deadline) {
            rows = 0;
            for (String dataset : DATASETS) {
                for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(FeatureLogs.day(prefix, dataset, day))).contents()) {
                    if (object.key().endsWith("/" + FeatureLogs.SUCCESS)) {
                        rows += JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray()).get("rows").asLong();
                    }
                }
            }
            if (rows >= expected) {
                break;
            }
            sleep();
        }
        out.printf("The query API's lookup log holds %d of them (committed Parquet batches under s3://%s/%s/<dataset>/date=%s/).%n",
                rows, bucket, prefix, day);
        return rows;
    }

    private HttpResponse<String> send(String token, String body) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(query.resolve("/v1/features")).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if ((response.statusCode() != 429 && response.statusCode() != 503) || attempt == 5) {
                    return response;
                }
            } catch (IOException e) {
                if (attempt == 5) {
                    throw new IllegalStateException("the query API at " + query + " does not answer (" + e.getMessage() + "); is it up? (./pipeline up)", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
