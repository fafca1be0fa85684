package io.consumidor.jobs.host.bench;

import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.batchsupport.cli.ExitCode;
import io.consumidor.batchsupport.cli.JobCli;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.jobs.host.JobHostApplication;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestDatabases;
import io.consumidor.testsupport.TestStack;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Not a test: {@code ./pipeline bench export --remote [subjects]} and {@code ./pipeline bench ratings --remote [subjects]}.
 * Runs the job over N subjects (default 100,000) three ways in the same run, each warmed up first: local partitioning
 * (the partitions on threads of this JVM — the baseline: the export's 2, the rating's one per partition), remote
 * partitioning with one worker process running as many, and with two such worker processes; each remote figure is
 * measured in alternation with local runs and set against them. Prints rows/s, the remote engine's share of local
 * throughput, per-partition times and the CPU seconds each process spent — this JVM, the workers, MongoDB,
 * Elasticsearch, PostgreSQL, SQS — per 1,000 rows: the measured costs the cost model of ARCHITECTURE.md ("At scale")
 * is built from. Its own MongoDB database, PostgreSQL database, namespace (queue, indices) and S3 prefix.
 */
public final class RemoteBenchmark {

    private static final int GRID = 8;
    private static final int EXPORT_THREADS = 2;
    private static final int ROUNDS = 2;

    private final String job;
    private final int subjects;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final Namespace namespace = Namespace.of("rb" + suffix.replace("-", ""));
    private final StackEnv stack = TestStack.env();
    private final String database = "remote_bench_" + suffix;
    private final String postgresUrl = TestDatabases.createPostgres("bench");
    private final List<Process> workers = new ArrayList<>();
    private int runs;

    /** Threads per JVM running partitions: the export's setting (2), the rating's grid (it runs a thread per partition). */
    private final int threads;

    private RemoteBenchmark(String job, int subjects) {
        this.job = job;
        this.subjects = subjects;
        this.threads = job.equals("export") ? EXPORT_THREADS : GRID;
    }

    public static void main(String[] args) throws Exception {
        List<String> words = new ArrayList<>(List.of(args));
        words.remove("--remote");
        String job = words.isEmpty() ? "export" : words.get(0);
        if (!job.equals("export") && !job.equals("ratings")) {
            throw new IllegalArgumentException("usage: RemoteBenchmark export|ratings [subjects]");
        }
        int subjects = words.size() > 1 ? Integer.parseInt(words.get(1)) : 100_000;
        int status = 0;
        try {
            new RemoteBenchmark(job, subjects).run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private void run() throws Exception {
        System.out.printf("Remote partitioning benchmark: %s over %d subjects, %d partitions; local stack, 2 cores shared by everything%n",
                job, subjects, GRID);
        Map<String, String> environment = environment();
        try (MongoClient mongo = MongoClients.create(environment.get("MONGODB_URI"))) {
            MongoDatabase db = mongo.getDatabase(database);
            // Stopped with Ctrl-C, the run still removes its data: the local MongoDB server holds everything in memory.
            Thread cleanUp = new Thread(() -> {
                workers.forEach(Process::destroy);
                db.drop();
            }, "bench-clean-up");
            Runtime.getRuntime().addShutdownHook(cleanUp);
            try {
                seed(db);
                try (ConfigurableApplicationContext local = context(environment, "local");
                     ConfigurableApplicationContext remote = context(environment, "remote")) {
                    JobCli localJobs = local.getBean(JobCli.class);
                    JobCli remoteJobs = remote.getBean(JobCli.class);
                    // Measured in alternation with local runs, each remote figure against the local runs of its own
                    // phase: the stores' cost per row drifts as the run's own writes accumulate in the in-memory server.
                    String local1 = "local partitioning, " + threads + " threads in one JVM";
                    String remote1 = "remote partitioning, 1 worker x " + threads + " threads";
                    String local2 = "local partitioning again (beside 2 idle workers)";
                    String remote2 = "remote partitioning, 2 workers x " + threads + " threads";
                    Map<String, Measure> measures = new LinkedHashMap<>();
                    warm("local", localJobs);
                    workers.add(worker(environment, 1));
                    warm("remote", remoteJobs);
                    for (int i = 0; i < ROUNDS; i++) {
                        measure(measures, local1, localJobs);
                        measure(measures, remote1, remoteJobs);
                    }
                    workers.add(worker(environment, 2));
                    warm("remote", remoteJobs);
                    for (int i = 0; i < ROUNDS; i++) {
                        measure(measures, local2, localJobs);
                        measure(measures, remote2, remoteJobs);
                    }
                    report(List.copyOf(measures.values()));
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
                workers.forEach(Process::destroy);
                db.drop();
                cleanUp(environment);
            }
        }
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(stack.values());
        environment.put("CONSUMIDOR_NAMESPACE", namespace.value());
        String base = stack.mongoUri();
        int slash = base.indexOf('/', "mongodb://".length());
        environment.put("MONGODB_URI", (slash < 0 ? base : base.substring(0, slash)) + "/" + database);
        environment.put("POSTGRES_URL", postgresUrl);
        environment.put("CONSUMIDOR_EXPORT_S3_PREFIX", "bench-remote-" + suffix);
        return environment;
    }

    /** The job host's settings of this benchmark, for a context here and for the worker processes alike. */
    private List<String> settings(String mode) {
        return List.of("--consumidor.jobs.partitioning.mode=" + mode, "--consumidor.jobs.partitioning.worker-threads=" + threads,
                "--consumidor.jobs.partitioning.poll-interval=250ms", "--consumidor.export.grid-size=" + GRID,
                "--consumidor.export.threads=" + EXPORT_THREADS, "--consumidor.batch.rating.grid-size=" + GRID,
                "--logging.level.io.consumidor=WARN");
    }

    /** A job host context in this JVM; the stack's settings as properties, which the job settings' placeholders read. */
    private ConfigurableApplicationContext context(Map<String, String> environment, String mode) {
        List<String> arguments = new ArrayList<>();
        environment.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--consumidor.export.s3.prefix=" + environment.get("CONSUMIDOR_EXPORT_S3_PREFIX"));
        arguments.addAll(settings(mode));
        SpringApplication application = new SpringApplication(JobHostApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(arguments.toArray(String[]::new));
    }

    private Process worker(Map<String, String> environment, int n) throws IOException, InterruptedException {
        Path jar = stack.settings().home().resolve("jobs/job-host/target/job-host.jar");
        Path log = stack.settings().home().resolve("jobs/job-host/target/bench-worker-" + n + "-" + suffix + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", // as this JVM
                "-XX:+UseSerialGC", "-Dconsumidor.stack=" + stack.settings().stateDir(), "-jar", jar.toString(), "worker",
                "--consumidor.export.s3.prefix=" + environment.get("CONSUMIDOR_EXPORT_S3_PREFIX")));
        command.addAll(settings("remote"));
        command.add("--logging.level.io.consumidor.batchsupport.partition=INFO"); // each partition's start and end, in the log
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.readString(log).contains("takes partitions from")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("worker " + n + " did not start: see " + log);
            }
            Thread.sleep(200);
        }
        System.out.printf("worker %d started (pid %d, log %s)%n", n, process.pid(), log);
        return process;
    }

    /**
     * Runs until two in a row agree within 5 % (at least three, at most eight): the JIT of whichever processes do the
     * work — this JVM when local, the workers when remote — has settled. The same rule for both, so neither is measured
     * colder than the other.
     */
    private void warm(String mode, JobCli jobs) {
        double previous = 0;
        for (int round = 1; round <= 8; round++) {
            double rate = launch(jobs).rowsPerSecond();
            System.out.printf("%s %s: warm-up round %d with %d worker(s), %.0f rows/s (not measured)%n", job, mode, round, workers.size(), rate);
            if (round >= 3 && Math.abs(rate / previous - 1) < 0.05) {
                return;
            }
            previous = rate;
        }
    }

    private void measure(Map<String, Measure> measures, String label, JobCli jobs) throws IOException {
        Measure measure = measures.computeIfAbsent(label, l -> new Measure(l, new ArrayList<>(), new LinkedHashMap<>()));
        Map<String, Long> before = cpuTicks();
        Run run = launch(jobs);
        Map<String, Long> after = cpuTicks();
        after.forEach((name, ticks) -> measure.cpu().merge(name, (ticks - before.getOrDefault(name, 0L)) / 100.0, Double::sum));
        measure.rounds().add(run);
        System.out.printf("%s: %.0f rows/s (%.1f s), partitions %s s, mean wait from creation to start %.2f s%n", label, run.rowsPerSecond(),
                run.seconds(), run.partitions().stream().map(d -> String.format("%.2f", d)).toList(), run.pickup());
    }

    /** One run of the job with parameters of its own; the process's exit code must be COMPLETED. */
    private Run launch(JobCli jobs) {
        int n = ++runs;
        Map<String, String> arguments = new LinkedHashMap<>();
        String name;
        if (job.equals("export")) {
            name = "mlTrainingExport";
            arguments.put("dataset", "credit-scoring");
            arguments.put("snapshotDate", "2026-07-01");
            arguments.put("replace", "true");
        } else {
            name = "ratingRecompute";
            arguments.put("mode", "full");
            arguments.put("runDate", "2026-11-23");
        }
        arguments.put("run", "bench-" + n);
        long started = System.nanoTime();
        ExitCode code = jobs.launch(name, arguments);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (code != ExitCode.COMPLETED) {
            throw new IllegalStateException(name + " run " + n + " ended " + code);
        }
        return new Run(subjects / seconds, seconds, partitionSeconds("bench-" + n), pickupSeconds("bench-" + n));
    }

    /** Mean seconds from a partition's creation by the manager to its start on a thread or a worker. */
    private double pickupSeconds(String run) {
        return JdbcClient.create(stack.postgres(stack.postgresUser(), stack.postgresPassword(), postgresUrl)).sql("""
                        SELECT coalesce(avg(extract(epoch FROM s.START_TIME - s.CREATE_TIME)), 0) FROM BATCH_STEP_EXECUTION s
                        JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID WHERE p.PARAMETER_NAME = 'run'
                        AND p.PARAMETER_VALUE = ? AND s.STEP_NAME LIKE '%:subjects-%'""").param(run).query(Double.class).single();
    }

    /** Each partition's seconds in the run, from the job repository. */
    private List<Double> partitionSeconds(String run) {
        return JdbcClient.create(stack.postgres(stack.postgresUser(), stack.postgresPassword(), postgresUrl)).sql("""
                        SELECT extract(epoch FROM s.END_TIME - s.START_TIME) FROM BATCH_STEP_EXECUTION s JOIN BATCH_JOB_EXECUTION_PARAMS p
                        ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ?
                        AND s.STEP_NAME LIKE '%:subjects-%' AND s.STATUS = 'COMPLETED' ORDER BY s.STEP_NAME""")
                .param(run).query(Double.class).list();
    }

    private void report(List<Measure> measures) {
        Measure local = measures.get(0);
        System.out.println();
        System.out.printf("%-48s %10s %9s %9s %9s  %s%n", "measure (" + job + ", " + subjects + " subjects)", "rows/s", "of local", "part. s",
                "wait s",
                "CPU s per 1,000 rows: " + String.join(", ", local.cpu().keySet()));
        for (Measure m : measures) {
            StringBuilder cpu = new StringBuilder();
            double rows = (double) subjects * m.rounds().size() / 1000;
            m.cpu().forEach((name, seconds) -> cpu.append(cpu.isEmpty() ? "" : ", ").append(String.format("%s %.3f", name, seconds / rows)));
            Measure baseline = measures.indexOf(m) < 2 ? measures.get(0) : measures.get(2);
            System.out.printf("%-48s %10.0f %8.0f%% %9.2f %9.2f  %s%n", m.label(), m.rowsPerSecond(), 100 * m.rowsPerSecond() / baseline.rowsPerSecond(),
                    m.meanPartitionSeconds(), m.meanPickupSeconds(), cpu);
        }
        System.out.printf("%nremote with 1 worker keeps %.0f %% of local partitioning's throughput (target ≥ 90 %%); with 2 workers %.0f %%"
                        + " of the local runs beside them%n",
                100 * measures.get(1).rowsPerSecond() / measures.get(0).rowsPerSecond(),
                100 * measures.get(3).rowsPerSecond() / measures.get(2).rowsPerSecond());
    }

    /** CPU ticks (1/100 s) of this JVM, each worker, and each store's process tree. */
    private Map<String, Long> cpuTicks() throws IOException {
        Map<Long, long[]> processes = new HashMap<>(); // pid -> {ppid, ticks}
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    processes.put(Long.parseLong(entry.getFileName().toString()),
                            new long[]{Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12])});
                } catch (IOException | RuntimeException gone) {
                    // the process ended while listed
                }
            }
        }
        Map<String, Long> ticks = new LinkedHashMap<>();
        long workerTicks = 0;
        for (Process worker : workers) {
            workerTicks += tree(processes, worker.pid());
        }
        // the workers are this JVM's children: their time is theirs, not the manager's
        ticks.put("this JVM (manager; partitions too when local)",
                tree(processes, ProcessHandle.current().pid()) - workerTicks);
        ticks.put("workers", workerTicks);
        for (String server : List.of("mongodb", "elasticsearch", "postgres", "sqs", "s3")) {
            Path pid = stack.settings().stateDir().resolve("run").resolve(server + ".pid");
            if (Files.isRegularFile(pid)) {
                ticks.put(server, tree(processes, Long.parseLong(Files.readString(pid).strip())));
            }
        }
        return ticks;
    }

    private static long tree(Map<Long, long[]> processes, long root) {
        long sum = processes.containsKey(root) ? processes.get(root)[1] : 0;
        for (Map.Entry<Long, long[]> p : processes.entrySet()) {
            if (p.getValue()[0] == root && p.getKey() != root) {
                sum += tree(processes, p.getKey());
            }
        }
        return sum;
    }

    /** Subjects with a profile and their personal and debt facts in the history, as the system tests seed them. */
    private void seed(MongoDatabase db) {
        System.out.printf("seeding %d subjects (not measured)%n", subjects);
        ProfileHistory history = new ProfileHistory(db);
        List<HistoryEntry> entries = new ArrayList<>();
        List<Document> profiles = new ArrayList<>();
        for (int i = 0; i < subjects; i++) {
            Profile profile = TestProfiles.profile(TestProfiles.subject(), i);
            entries.add(new HistoryEntry(profile.subject(), ProfileGroup.PERSONAL, profile.personal()));
            entries.add(new HistoryEntry(profile.subject(), ProfileGroup.DEBT_SUMMARY, profile.debts()));
            profiles.add(TestProfiles.document(profile));
            if (profiles.size() == 1000 || i == subjects - 1) {
                history.record(entries);
                db.getCollection(BaseBCollections.PROFILES).insertMany(profiles);
                entries.clear();
                profiles.clear();
            }
        }
    }

    private void cleanUp(Map<String, String> environment) {
        try (var s3 = new io.consumidor.aws.S3Connection(stack.s3Endpoint(), stack.awsRegion(), true, stack.awsAccessKeyId(),
                stack.awsSecretAccessKey(), null).client()) {
            String prefix = environment.get("CONSUMIDOR_EXPORT_S3_PREFIX") + "/";
            for (var object : s3.listObjectsV2Paginator(b -> b.bucket(stack.s3Bucket()).prefix(prefix)).contents()) {
                s3.deleteObject(b -> b.bucket(stack.s3Bucket()).key(object.key()));
            }
        } catch (RuntimeException e) {
            System.out.println("could not remove the benchmark's S3 objects: " + e);
        }
        try (var sqs = software.amazon.awssdk.services.sqs.SqsClient.builder().endpointOverride(java.net.URI.create(stack.sqsEndpoint()))
                .region(software.amazon.awssdk.regions.Region.of(stack.awsRegion()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(stack.awsAccessKeyId(), stack.awsSecretAccessKey())))
                .build()) {
            String queue = namespace.apply(Queues.PARTITION_REQUESTS);
            sqs.deleteQueue(b -> b.queueUrl(sqs.getQueueUrl(q -> q.queueName(queue)).queueUrl()));
        } catch (RuntimeException e) {
            System.out.println("could not remove the benchmark's queue: " + e);
        }
        TestDatabases.dropPostgres(postgresUrl);
    }

    private record Run(double rowsPerSecond, double seconds, List<Double> partitions, double pickup) {
    }

    private record Measure(String label, List<Run> rounds, Map<String, Double> cpu) {

        double rowsPerSecond() {
            return rounds.stream().mapToDouble(Run::rowsPerSecond).average().orElse(0);
        }

        double meanPickupSeconds() {
            return rounds.stream().mapToDouble(Run::pickup).average().orElse(0);
        }

        double meanPartitionSeconds() {
            return rounds.stream().flatMap(r -> r.partitions().stream()).mapToDouble(Double::doubleValue).average().orElse(0);
        }
    }
}
