package io.consumidor.router.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.consumidor.router.RouterProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gathers the index operations of all batches in flight into shared bulk requests: a bounded queue, and
 * {@code maxConcurrentRequests} sender threads that each take what is queued (up to {@code maxOperations},
 * after lingering {@code flushInterval} for company), send it with one synchronous bulk call and hand every
 * item's response back to the future of the batch that queued it.
 *
 * <p>Why not the client's {@code BulkIngester}: when Elasticsearch went away and came back in the router's
 * outage test, its in-flight accounting stayed exhausted and every later write timed out — the open
 * elasticsearch-java issues #925 and #651 describe the same lock. Here a failed or timed-out request (the
 * client's socket timeout bounds it) only fails its own futures; senders never wait on each other, and a
 * full queue only slows callers down.
 */
final class BulkCoalescer implements AutoCloseable {

    /** One operation waiting for its item of a bulk response. */
    record Pending(BulkOperation operation, CompletableFuture<BulkResponseItem> result) {
    }

    private final ElasticsearchClient client;
    private final RouterProperties.Bulk settings;
    private final BlockingQueue<Pending> queue;
    private final ExecutorService senders;
    private volatile boolean closed;

    BulkCoalescer(ElasticsearchClient client, RouterProperties.Bulk settings) {
        this.client = client;
        this.settings = settings;
        this.queue = new LinkedBlockingQueue<>(settings.maxOperations() * settings.maxConcurrentRequests() * 2);
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(settings.maxConcurrentRequests(), r -> {
            Thread thread = new Thread(r, "es-bulk-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < settings.maxConcurrentRequests(); i++) {
            senders.execute(this::sendLoop);
        }
    }

    /** Queues the operation (waiting while the queue is full); the future completes with its bulk item. */
    CompletableFuture<BulkResponseItem> add(BulkOperation operation) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the Elasticsearch writer is closed");
        }
        Pending pending = new Pending(operation, new CompletableFuture<>());
        queue.put(pending);
        return pending.result();
    }

    private void sendLoop() {
        List<Pending> batch = new ArrayList<>(settings.maxOperations());
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.maxOperations() - batch.size());
                if (batch.size() < settings.maxOperations() && !settings.flushInterval().isZero()) {
                    Thread.sleep(settings.flushInterval().toMillis());
                    queue.drainTo(batch, settings.maxOperations() - batch.size());
                }
                send(batch);
            } catch (InterruptedException e) {
                batch.forEach(p -> p.result().completeExceptionally(e));
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<Pending> batch) {
        try {
            List<BulkOperation> operations = batch.stream().map(Pending::operation).toList();
            BulkResponse response = client.bulk(b -> b.operations(operations));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(response.items().get(i));
            }
        } catch (Exception e) {
            // Unreachable, timed out, refused as a whole: every operation of this request fails, nothing else.
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    /** Sends what is queued, then stops the senders. */
    @Override
    public void close() {
        closed = true;
        senders.shutdown();
        try {
            if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("the Elasticsearch writer closed"));
        }
    }
}
