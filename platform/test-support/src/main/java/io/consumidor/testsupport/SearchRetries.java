package io.consumidor.testsupport;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.elasticsearch.client.ResponseException;

/**
 * A test's read of Elasticsearch right after the code under test created an index. On a loaded 2-core node the new
 * index's shard may still be allocating, and a search then answers 503 (no_shard_available) instead of "no hits yet";
 * that one answer is retried for up to 30 s, every other failure is the test's to see.
 */
public final class SearchRetries {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A read against Elasticsearch, with the client's checked exception. */
    @FunctionalInterface
    public interface Read<T> {
        T get() throws IOException;
    }

    private SearchRetries() {
    }

    public static <T> T whileShardsAllocate(Read<T> read) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return read.get();
            } catch (IOException | ElasticsearchException e) {
                if (!shardsNotYetAllocated(e) || System.nanoTime() > deadline) {
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (ElasticsearchException) e;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
    }

    static boolean shardsNotYetAllocated(Exception e) {
        if (e instanceof ElasticsearchException es) {
            return es.status() == 503;
        }
        return e instanceof ResponseException re && re.getResponse().getStatusLine().getStatusCode() == 503;
    }
}
