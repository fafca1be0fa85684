package io.consumidor.system;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.testsupport.TestStack;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MongoDB-wire server as {@code ./pipeline up} and the demo run it — the stack's own jar, the h2 backend on a
 * file — stopped with SIGTERM as {@code ./pipeline down} stops it, and started again on the same file: Base B's
 * profiles and history are still there, and an as-of read gives the same profile. (The memory backend, which the
 * tests use, forgets them: that is why the export's preflight and the demo check for it.)
 */
class BaseBRestartIT {

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(Path file, int port) throws Exception {
        Path home = TestStack.env().settings().home();
        String classpath = TestStack.env().settings().distDir().resolve("mongo-wire.jar") + File.pathSeparator
                + Files.readString(home.resolve("platform/local-stack/servers/mongo-wire/target/classpath.txt")).trim();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", classpath, "io.consumidor.stack.mongo.MongoWireMain", "127.0.0.1", Integer.toString(port), "h2", file.toString())
                .redirectErrorStream(true).redirectOutput(Path.of("target", "base-b-restart-" + port + ".log").toFile()).start();
        org.awaitility.Awaitility.await("the mongo-wire server on " + port + " answers (else see target/base-b-restart-" + port + ".log)")
                .atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    try (MongoClient client = client(port)) {
                        client.getDatabase("admin").runCommand(new Document("ping", 1));
                        return true;
                    }
                });
        return process;
    }

    private static MongoClient client(int port) {
        return MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS)).build());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void baseBOnTheH2BackendSurvivesAStopAndAStart() throws Exception {
        Path file = Files.createTempDirectory("base-b-restart-").resolve("consumidor.mv");
        int port = freePort();
        server = start(file, port);
        Instant known = Instant.parse("2025-01-10T12:00:00Z");
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String subject = "restart_" + i;
            entries.add(new HistoryEntry(subject, ProfileGroup.PERSONAL, new Fact<>(new PersonalFacts(1980 + i % 30, "SP", List.of(), List.of()),
                    i + 1, known, known, "e-p" + i)));
            entries.add(new HistoryEntry(subject, ProfileGroup.DEBT_SUMMARY, new Fact<>(new DebtSummary(1, new BigDecimal("100.50"), 0,
                    BigDecimal.ZERO, LocalDate.of(2025, 3, 1), new BigDecimal("100.50"), 0, 1), i + 1, known, known, "e-d" + i)));
        }
        Object before;
        try (MongoClient client = client(port)) {
            MongoDatabase baseB = client.getDatabase("consumidor");
            assertThat(new ProfileHistory(baseB).record(entries)).isEmpty();
            baseB.getCollection(BaseBCollections.PROFILES).insertOne(new Document("_id", "restart_0").append("note", "current"));
            before = new ProfileHistory(baseB).asOf("restart_7", Instant.parse("2025-06-30T00:00:00Z")).orElseThrow();
        }
        server.destroy(); // SIGTERM, as ./pipeline down: the server closes the H2 file
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

        server = start(file, port);
        try (MongoClient client = client(port)) {
            MongoDatabase baseB = client.getDatabase("consumidor");
            assertThat(baseB.getCollection(BaseBCollections.PROFILE_HISTORY).countDocuments()).isEqualTo(100);
            assertThat(baseB.getCollection(BaseBCollections.PROFILES).countDocuments()).isEqualTo(1);
            assertThat(new ProfileHistory(baseB).asOf("restart_7", Instant.parse("2025-06-30T00:00:00Z")).orElseThrow()).isEqualTo(before);
        }
    }
}
