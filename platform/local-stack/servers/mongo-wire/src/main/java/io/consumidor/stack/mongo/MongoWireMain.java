package io.consumidor.stack.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the MongoDB wire protocol on loopback for the local stack. No real mongod can be installed
 * without Docker, so mongo-java-server stands in; apps connect to it by URI exactly as to MongoDB.
 *
 * <p>Arguments: {@code <host> <port> <memory|h2> [h2-file]}.
 */
public final class MongoWireMain {

    private MongoWireMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: MongoWireMain <host> <port> <memory|h2> [h2-file]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        MongoBackend backend = backend(args[2], args.length > 3 ? args[3] : null);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        System.out.printf("mongo-wire listening on %s:%d with the %s backend%n", host, port, args[2]);

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM from `pipeline stack down`: close the backend so the H2 file is left consistent.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            stopped.countDown();
        }, "mongo-wire-shutdown"));
        stopped.await();
    }

    private static MongoBackend backend(String kind, String file) throws Exception {
        return switch (kind) {
            case "memory" -> new IdLookupMemoryBackend();
            case "h2" -> {
                if (file == null) {
                    throw new IllegalArgumentException("the h2 backend needs a file path");
                }
                Files.createDirectories(Path.of(file).toAbsolutePath().getParent());
                yield new H2Backend(file);
            }
            default -> throw new IllegalArgumentException("unknown backend '" + kind + "' (memory or h2)");
        };
    }
}
