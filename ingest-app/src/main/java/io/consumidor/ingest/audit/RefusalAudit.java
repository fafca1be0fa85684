package io.consumidor.ingest.audit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.consumidor.ingest.schema.SchemaMigration;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The audit of refused requests (401, 403, 405, 413, 429), written without holding a database connection on the
 * request's thread: a refusal is queued (bounded, {@value #CAPACITY} entries) and one writer thread inserts the
 * queue in batches of up to {@value #BATCH} rows, one statement each. A flood of bad tokens therefore costs one
 * connection and a few statements a second instead of a connection and a commit per request — it can neither
 * exhaust the pool the real requests need nor slow them. If the queue is full the entry is dropped, counted
 * ({@code consumidor.audit.refusals.dropped}) and logged as an audit gap (no PII in it); accepted requests are
 * still written synchronously ({@link AuditLog}).
 */
@Component
public class RefusalAudit implements SmartLifecycle, MeterBinder {

    static final int CAPACITY = 10_000;
    static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final BlockingQueue<AuditEntry> pending = new ArrayBlockingQueue<>(CAPACITY);
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean running;
    private Thread writer;

    public RefusalAudit(JdbcTemplate jdbc, SchemaMigration migrated) {
        this.jdbc = jdbc;
    }

    static boolean isRefusal(int status) {
        return status == 401 || status == 403 || status == 405 || status == 413 || status == 429;
    }

    /** Queues the entry; never blocks. */
    public void record(AuditEntry entry) {
        if (!pending.offer(entry)) {
            dropped.increment();
            AuditLog.gap(entry, new IllegalStateException("refusal audit queue full"));
        }
    }

    /** Writes whatever is queued now, on the caller's thread (shutdown, and tests that read the rows). */
    public synchronized void flush() {
        List<AuditEntry> batch = new ArrayList<>(BATCH);
        while (pending.drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private void write(List<AuditEntry> batch) {
        try {
            jdbc.batchUpdate(AuditLog.INSERT, batch.stream().map(e -> AuditLog.values(e).toArray()).toList());
            written.addAndGet(batch.size());
        } catch (RuntimeException e) {
            batch.forEach(entry -> AuditLog.gap(entry, e));
        }
    }

    private void run() {
        while (running || !pending.isEmpty()) {
            try {
                AuditEntry first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                synchronized (this) {
                    List<AuditEntry> batch = new ArrayList<>(BATCH);
                    batch.add(first);
                    pending.drainTo(batch, BATCH - 1);
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::run, "refusal-audit");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("consumidor.audit.refusals.pending", pending, BlockingQueue::size)
                .description("refused requests waiting to be written to the audit log").register(registry);
        FunctionCounter.builder("consumidor.audit.refusals.dropped", dropped, LongAdder::sum)
                .description("refused requests not audited because the queue was full (an audit gap)").register(registry);
        FunctionCounter.builder("consumidor.audit.refusals.written", written, AtomicLong::get)
                .description("refused requests written to the audit log in batches").register(registry);
    }
}
