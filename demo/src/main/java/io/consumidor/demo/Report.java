package io.consumidor.demo;

import io.consumidor.jobs.mlexport.store.Manifest;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's closing report: what each store holds (counts only — no CPF, name or address is printed), the rating
 * bands, both datasets' location, rows and label rate from their manifests, and where to look further.
 */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One dataset snapshot as its manifest describes it; {@code null} fields when it has no complete run. */
    record DatasetLine(String dataset, LocalDate snapshotDate, String location, Long rows, Double labelRate, Manifest.Exclusions excluded,
                       Long scored) {
    }

    private final DemoSettings settings;
    private final MongoDatabase baseB;
    private final ElasticsearchClient elasticsearch;
    private final BaseCIndices indices;
    private final DatasetStore datasets;

    Report(DemoSettings settings, MongoDatabase baseB, ElasticsearchClient elasticsearch, BaseCIndices indices, DatasetStore datasets) {
        this.settings = settings;
        this.baseB = baseB;
        this.elasticsearch = elasticsearch;
        this.indices = indices;
        this.datasets = datasets;
    }

    Map<String, Long> baseA() {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(settings.postgresUrl(), settings.postgresUser(), settings.postgresPassword());
             Statement statement = connection.createStatement()) {
            for (String table : List.of("consumer", "debt", "audit_log")) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM base_a." + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count Base A's rows: " + e.getMessage(), e);
        }
        return counts;
    }

    Map<String, Long> baseB() {
        Map<String, Long> counts = new TreeMap<>();
        for (String collection : List.of(BaseBCollections.PROFILES, BaseBCollections.PROFILE_HISTORY, BaseBCollections.RATINGS,
                BaseBCollections.RATING_HISTORY)) {
            counts.put(collection, baseB.getCollection(collection).countDocuments());
        }
        return counts;
    }

    /**
     * Null when Base B holds a live profile for every consumer of Base A; else what to tell the user: Base B
     * lost subjects (the MongoDB-wire memory backend forgets it on {@code ./pipeline down}), and what a replay can
     * and cannot restore.
     */
    String missingBaseB() {
        return missingBaseB(0);
    }

    /** @param atLeast profiles Base B must hold besides matching Base A: null when it holds both */
    String missingBaseB(long atLeast) {
        long consumers = baseA().get("consumer");
        long profiles = liveProfiles();
        if (profiles >= consumers && profiles >= atLeast) {
            return null;
        }
        return String.format("Base B holds %,d profiles but Base A %,d consumers: Base B lost subjects (the MongoDB-wire server's memory"
                + " backend forgets it on ./pipeline down; ./pipeline up keeps it on disk unless PIPELINE_MONGO_BACKEND=memory)."
                + " ./pipeline replay base-b restores every consumer's current profile from Base A; it cannot restore the history"
                + " before the replay (back-dated snapshots need it) nor other producers' facts. An export refuses to run while"
                + " Base B holds markedly fewer profiles than its last run saw.", profiles, consumers);
    }

    long liveProfiles() {
        return baseB.getCollection(BaseBCollections.PROFILES).countDocuments(io.consumidor.baseb.profile.ProfileWrites.live());
    }

    Map<String, Long> bands() {
        Map<String, Long> bands = new TreeMap<>();
        baseB.getCollection(BaseBCollections.RATINGS).aggregate(List.of(new Document("$group",
                        new Document("_id", "$" + RatingCodec.BAND).append("n", new Document("$sum", 1)))))
                .forEach(doc -> bands.put(String.valueOf(doc.get("_id")), ((Number) doc.get("n")).longValue()));
        return bands;
    }

    Map<String, Long> baseC() {
        Map<String, Long> counts = new TreeMap<>();
        try {
            String pattern = indices.searchPattern(BaseCIndices.EVENTS);
            elasticsearch.indices().refresh(r -> r.index(pattern).allowNoIndices(true));
            var response = elasticsearch.search(s -> s.index(pattern).allowNoIndices(true).size(0)
                    .aggregations("types", a -> a.terms(t -> t.field(EventFields.TYPE).size(20))), Void.class);
            for (StringTermsBucket bucket : response.aggregations().get("types").sterms().buckets().array()) {
                counts.put(bucket.key().stringValue(), bucket.docCount());
            }
            counts.put("latest documents", elasticsearch.count(c -> c.index(indices.searchPattern(BaseCIndices.LATEST))
                    .allowNoIndices(true).ignoreUnavailable(true)).count());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count Base C's documents: " + e.getMessage(), e);
        }
        return counts;
    }

    DatasetLine dataset(String dataset, LocalDate snapshotDate) {
        return datasets.latestComplete(dataset, snapshotDate).map(run -> {
            var layout = run.layout(datasets.prefix());
            Manifest manifest = Manifest.fromJson(datasets.get(layout.manifest()).orElseThrow(
                    () -> new IllegalStateException(layout.manifest() + " is missing although _SUCCESS is there")));
            return new DatasetLine(dataset, snapshotDate, "s3://" + datasets.bucket() + "/" + layout.runPrefix(),
                    manifest.totals().rows(), manifest.label() == null ? null : manifest.label().rate(), manifest.exclusions(),
                    scored(layout));
        }).orElse(new DatasetLine(dataset, snapshotDate, null, null, null, null, null));
    }

    /** Rows with a {@code score_at_t}, from the run's profile (aggregates only); null when the dataset has none. */
    @SuppressWarnings("unchecked")
    private Long scored(io.consumidor.jobs.mlexport.store.RunLayout layout) {
        Map<String, Object> profile = datasets.get(layout.profile()).map(b -> (Map<String, Object>) JSON.readValue(b, Map.class)).orElse(Map.of());
        Map<String, Object> column = (Map<String, Object>) ((Map<String, Object>) profile.getOrDefault("columns", Map.of()))
                .get(io.consumidor.features.dataset.Dataset.SCORE_AT_T);
        return column == null ? null : ((Number) column.get("rows")).longValue() - ((Number) column.get("nulls")).longValue();
    }

    /**
     * One line per dataset of the day's consistency report ({@code featureConsistency}): the logged online lookups,
     * how many the offline path recomputed, the match rate, and any skew or accepted difference.
     */
    record ConsistencyLine(String dataset, java.time.LocalDate day, tools.jackson.databind.JsonNode report) {
    }

    ConsistencyLine consistency(String dataset, java.time.LocalDate day, String logsPrefix) {
        return new ConsistencyLine(dataset, day, datasets.get(io.consumidor.features.logs.FeatureLogs.day(logsPrefix, dataset, day)
                + io.consumidor.features.logs.FeatureLogs.REPORT).map(JSON::readTree).orElse(null));
    }

    void print(PrintStream out, List<DatasetLine> lines, List<ConsistencyLine> consistency) {
        summary(out, lines);
        for (ConsistencyLine line : consistency) {
            if (line.report() == null) {
                out.printf("Online vs offline, %s @ %s: no consistency report%n", line.dataset(), line.day());
                continue;
            }
            var r = line.report();
            out.printf("Online vs offline, %s @ %s: %d logged lookups, %d recomputed as of their instant, match rate %s, skew %d, accepted %s%n",
                    line.dataset(), line.day(), r.get("lookups").asLong(), r.get("compared").asLong(),
                    r.get("matchRate").isNull() ? "n/a" : String.format("%.2f %%", 100 * r.get("matchRate").asDouble()), r.get("skew").asLong(),
                    r.get("accepted").toString());
        }
        further(out, lines);
        out.println("  ./pipeline features report " + (consistency.isEmpty() ? "" : consistency.get(0).day()) + "        online vs offline, feature by feature");
        out.println("  curl -H \"Authorization: Bearer $(./pipeline token --scope features:read)\" -H 'Content-Type: application/json' \\");
        out.println("       -d '{\"cpf\":\"<cpf>\",\"dataset\":\"credit-default-12m\",\"purpose\":\"credit-analysis\"}' http://127.0.0.1:8082/v1/features");
    }

    void print(PrintStream out, List<DatasetLine> lines) {
        summary(out, lines);
        further(out, lines);
    }

    private void summary(PrintStream out, List<DatasetLine> lines) {
        out.println();
        out.println("=== Consumidor demo: what the pipeline holds now ===");
        out.println("Base A (PostgreSQL, encrypted): " + baseA());
        out.println("Base B (MongoDB):               " + baseB());
        out.println("Base C (Elasticsearch) events:  " + baseC());
        Map<String, Long> bands = bands();
        long rated = bands.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder distribution = new StringBuilder();
        bands.forEach((band, n) -> distribution.append(String.format("%s %d (%.0f %%)  ", band, n, rated == 0 ? 0.0 : 100.0 * n / rated)));
        out.println("Rating bands:                   " + (rated == 0 ? "(no ratings yet)" : distribution.toString().trim()));
        for (DatasetLine line : lines) {
            if (line.location() == null) {
                out.printf("Dataset %s @ %s: no complete run%n", line.dataset(), line.snapshotDate());
                continue;
            }
            out.printf("Dataset %s @ %s: %d rows%s%s at %s%n", line.dataset(), line.snapshotDate(), line.rows(),
                    line.scored() == null ? "" : String.format(", score_at_t on %d", line.scored()),
                    line.labelRate() == null ? "" : String.format(", label rate %.1f %% over the population (left out: %d already bad at T,"
                            + " %d without exposure)", 100 * line.labelRate(), line.excluded().badAtObservation(), line.excluded().noExposure()),
                    line.location());
        }
    }

    private static void further(PrintStream out, List<DatasetLine> lines) {
        out.println();
        out.println("Look further:");
        out.println("  ./pipeline export show " + lines.get(0).dataset() + " " + lines.get(0).snapshotDate() + "   schema and profile");
        out.println("  ./pipeline job status                        the job runs");
        out.println("  ./pipeline schedules list                    what runs when, and how the last slots went");
        out.println("  curl -H \"Authorization: Bearer $(./pipeline token --scope base-a:read)\" http://127.0.0.1:8081/consumers/<cpf>");
        out.println("  (the CPFs are the demo's own: ./pipeline demo cpfs prints a few)");
    }
}
