package io.consumidor.stack.server;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.consumidor.stack.LaunchSpec;
import io.consumidor.stack.StackException;
import io.consumidor.stack.StackSettings;
import org.bson.Document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server speaking the MongoDB wire protocol. The memory backend is the default (fast, empty
 * after a restart); {@code PIPELINE_MONGO_BACKEND=h2} keeps data on disk at roughly a quarter of the
 * insert speed and a slow reopen of large collections.
 */
public final class MongoWireServer implements StackServer {

    private static final String MODULE = "mongo-wire";

    private final StackSettings settings;

    public MongoWireServer(StackSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public String implementation() {
        return "mongo-java-server (" + settings.mongoBackend() + ")";
    }

    @Override
    public List<Integer> ports() {
        return List.of(settings.mongoPort());
    }

    private Path jar() {
        return settings.distDir().resolve("mongo-wire.jar");
    }

    /** The server jar is copied out of target/ so a rebuild never rewrites a jar a running JVM reads. */
    @Override
    public void prepare() {
        Path built = settings.home().resolve("platform/local-stack/servers").resolve(MODULE)
                .resolve("target/mongo-wire.jar");
        if (!Files.isRegularFile(built)) {
            throw new StackException("the mongo-wire server is not built (" + built + " is missing); run ./pipeline build");
        }
        try {
            Files.createDirectories(settings.distDir());
            Files.copy(built, jar(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StackException("mongodb: cannot copy " + built + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LaunchSpec launch() {
        return new LaunchSpec(ServerClasspath.javaCommand(settings, settings.mongoHeap(), List.of(),
                jar() + java.io.File.pathSeparator + ServerClasspath.of(settings.home(), MODULE),
                "io.consumidor.stack.mongo.MongoWireMain", StackSettings.HOST, Integer.toString(settings.mongoPort()),
                settings.mongoBackend(), settings.dataDir().resolve("mongodb/consumidor.mv").toString()),
                Map.of(), settings.stateDir());
    }

    @Override
    public boolean ready() {
        MongoClientSettings clientSettings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(settings.mongoUri()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS))
                .build();
        try (MongoClient client = MongoClients.create(clientSettings)) {
            Document pong = client.getDatabase("admin").runCommand(new Document("ping", 1));
            return pong.get("ok") instanceof Number ok && ok.intValue() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
