package io.consumidor.system;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small {@code ./pipeline demo} end to end, the way the script runs it, on this test's own stores: the demo's
 * classes generate a dozen consumers through a real ingest-app and router, the packaged batch-jobs app rates them
 * and exports both datasets, and the report names every store, the bands and both datasets — the training set
 * 12 months back with its label rate, which only exists because the back-dated history is point-in-time correct.
 */
class DemoIT {

    private static final int CONSUMERS = 12;
    private static final String SEED = "seed=7";

    private final PipelineStores stores = new PipelineStores();
    private final String prefix = "demo-" + stores.suffix;
    private final String logs = "demo-logs-" + stores.suffix;
    private final Path state = Path.of("target", "demo-" + stores.suffix).toAbsolutePath();
    private final List<AppProcess> apps = new ArrayList<>();
    private final S3Client s3 = stores.s3();

    @AfterEach
    void tearDown() {
        apps.forEach(AppProcess::close);
        for (String keys : List.of(prefix, logs)) {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(stores.stack.s3Bucket()).prefix(keys + "/")).contents()) {
                s3.deleteObject(b -> b.bucket(stores.stack.s3Bucket()).key(object.key()));
            }
        }
        s3.close();
        stores.close();
    }

    @Test
    void aSmallDemoGeneratesRatesExportsAndReports() throws Exception {
        IngestApi ingest = IngestApi.start(stores, "demo-ingest-" + stores.suffix);
        apps.add(ingest.process);
        apps.add(stores.startRouter("demo-router-" + stores.suffix));
        Map<String, String> environment = new HashMap<>(stores.environment());
        environment.put("INGEST_URL", ingest.url());
        environment.put("CONSUMIDOR_EXPORT_S3_PREFIX", prefix);
        environment.put("DEMO_STATE_DIR", state.toString());
        environment.put("FEATURE_LOGS_PREFIX", logs);

        String generated = demo(environment, "generate", Integer.toString(CONSUMERS), SEED);
        assertThat(generated).contains("Registered " + CONSUMERS + " consumers through Base A's API", "Base B and C hold everything",
                "Back-dated");
        Properties plan = new Properties();
        plan.load(new StringReader(Files.readString(state.resolve("plan.env"))));
        String run = plan.getProperty("DEMO_RUN");
        job(environment, "rate", "run", "ratingRecompute", "mode=full", "runDate=" + plan.getProperty("DEMO_SCORING_DATE"), "run=" + run);
        job(environment, "scoring", "export", "run", "credit-scoring", "snapshotDate=" + plan.getProperty("DEMO_SCORING_DATE"), "run=" + run);
        job(environment, "training", "export", "run", "credit-default-12m", "snapshotDate=" + plan.getProperty("DEMO_TRAINING_DATE"), "run=" + run);

        // Online: every consumer scored through the query API, the logged lookups checked against the offline path.
        int queryPort = IngestApi.freePort();
        apps.add(AppProcess.start(stores.stack, "query-api", "demo-query-" + stores.suffix, stores.environment(), List.of("--server.port="
                + queryPort, "--consumidor.query.features.log.s3.prefix=" + logs, "--consumidor.query.features.log.flush-interval=1s"),
                () -> AppProcess.answersHttp(queryPort)));
        environment.put("QUERY_URL", "http://127.0.0.1:" + queryPort);
        String looked = demo(environment, "lookups");
        assertThat(looked).contains("Looked up " + CONSUMERS + " consumers' credit-scoring feature vectors online",
                "The query API's lookup log holds " + 2 * CONSUMERS + " of them");
        job(environment, "consistency", "features", "consistency", plan.getProperty("DEMO_SCORING_DATE"), "run=" + run,
                "--consumidor.export.consistency.logs-prefix=" + logs);

        String report = demo(environment, "report");
        System.out.println(report);
        assertThat(report).contains("consumer=" + CONSUMERS, "profiles=" + CONSUMERS, "ratings=" + CONSUMERS, "card.purchase=",
                "financial.movement=", "_RISK");
        assertThat(report).contains("Dataset credit-scoring @ " + plan.getProperty("DEMO_SCORING_DATE") + ": " + CONSUMERS + " rows, score_at_t on "
                + CONSUMERS + " at s3://");
        // Everyone was known at T (their first month is 18 months back) and the window has matured: every consumer is
        // a row, already bad at T or without exposure; every row has its score as of T.
        java.util.regex.Matcher training = java.util.regex.Pattern.compile("Dataset credit-default-12m @ " + plan.getProperty("DEMO_TRAINING_DATE")
                + ": (\\d+) rows, score_at_t on (\\d+), label rate \\d+\\.\\d % over the population \\(left out: (\\d+) already bad at T,"
                + " (\\d+) without exposure\\) at s3://\\S+/" + prefix + "/credit-default-12m/").matcher(report);
        assertThat(training.find()).as(report).isTrue();
        long rows = Long.parseLong(training.group(1));
        assertThat(Long.parseLong(training.group(2))).as("score_at_t on every row").isEqualTo(rows);
        assertThat(rows + Long.parseLong(training.group(3)) + Long.parseLong(training.group(4))).isEqualTo(CONSUMERS);
        assertThat(rows).as("a population, not nobody").isPositive();
        for (String dataset : List.of("credit-scoring", "credit-default-12m")) {
            assertThat(report).as("the demo's logged lookups all match the offline path").contains("Online vs offline, " + dataset + " @ "
                    + plan.getProperty("DEMO_SCORING_DATE") + ": " + CONSUMERS + " logged lookups, " + CONSUMERS
                    + " recomputed as of their instant, match rate 100.00 %, skew 0");
        }

        String cpfs = demo(environment, "cpfs", Integer.toString(CONSUMERS), SEED);
        List<String> synthetic = cpfs.lines().map(String::trim).filter(l -> l.matches("\\d{11}")).toList();
        assertThat(synthetic).hasSize(CONSUMERS);
        String printed = generated + looked + report;
        assertThat(synthetic).as("no CPF in the demo's output").noneMatch(printed::contains);
    }

    /** The demo's classes on their own class path, as {@code ./pipeline demo} runs them; returns what they printed. */
    private String demo(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path home = stores.stack.settings().home().resolve("demo");
        String classpath = home.resolve("target/classes") + File.pathSeparator
                + Files.readString(home.resolve("target/classpath.txt")).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-Dconsumidor.home=" + stores.stack.settings().home(), "-cp", classpath, "io.consumidor.demo.DemoCli"));
        command.addAll(List.of(args));
        Path log = Path.of("target", "demo-" + args[0] + "-" + stores.suffix + ".log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(stores.stack.values());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended && process.exitValue() == 0).as("demo " + args[0] + ":\n" + output).isTrue();
        return output;
    }

    private void job(Map<String, String> environment, String name, String... args) {
        AppProcess job = AppProcess.start(stores.stack, "jobs/job-host", "demo-" + name + "-" + stores.suffix, environment, List.of(args), () -> true);
        apps.add(job);
        assertThat(job.awaitExit(Duration.ofMinutes(3))).as(job.tail()).isZero();
    }
}
