package io.consumidor.demo;


import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's data going in, as a real producer's would: each synthetic person registered through Base A's API (one
 * version per month that changed, {@value #THREADS} at a time), their 18 months of activity sent through the intake
 * in batches of {@value #INTAKE_BATCH}, then a wait, with progress, until the router has put all of it in Base B and
 * Base C.
 */
final class Generation {

    static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(10);

    private static final int THREADS = 4;
    private static final int INTAKE_BATCH = 500;

    private final IngestClient ingest;
    private final PrintStream out;
    private final Instant now;
    private final java.util.function.IntFunction<Instant> monthStart;

    /** @param month month {@code m} of the 18 as an instant ({@link DemoCli#month}) */
    Generation(IngestClient ingest, PrintStream out, Instant now, java.util.function.IntFunction<Instant> month) {
        this.ingest = ingest;
        this.out = out;
        this.now = now;
        this.monthStart = month;
    }

    List<DemoStores.Versions> register(List<Population.Person> people) {
        AtomicLong done = new AtomicLong();
        AtomicLong puts = new AtomicLong();
        List<DemoStores.Versions> versions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Progress progress = new Progress(out, () -> String.format("registered %,d of %,d consumers (%,d versions)", done.get(),
                people.size(), puts.get()))) {
            List<Future<DemoStores.Versions>> futures = new ArrayList<>();
            for (Population.Person person : people) {
                futures.add(pool.submit(() -> {
                    Map<Long, Instant> at = new LinkedHashMap<>();
                    IngestClient.Stored stored = null;
                    Population.Month previous = null;
                    for (int m = 0; m <= Population.MONTHS; m++) {
                        Population.Month month = person.months().get(m);
                        if (month.equals(previous)) {
                            continue; // nothing changed that month: Base A gets no new version
                        }
                        stored = ingest.put(person, month, stored == null ? null : stored.version());
                        at.put(stored.version(), monthStart.apply(m));
                        previous = month;
                        puts.incrementAndGet();
                    }
                    done.incrementAndGet();
                    return new DemoStores.Versions(stored.subject(), at);
                }));
            }
            for (Future<DemoStores.Versions> future : futures) {
                versions.add(get(future));
            }
        } finally {
            pool.shutdownNow();
        }
        out.printf("Registered %,d consumers through Base A's API: %,d versions over %d months.%n", people.size(),
                versions.stream().mapToLong(v -> v.at().size()).sum(), Population.MONTHS);
        return versions;
    }

    long sendActivity(List<Population.Person> people, long seed) {
        Activity activity = new Activity(seed, now);
        AtomicLong sent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Progress progress = new Progress(out, () -> String.format("sent %,d activity events", sent.get()))) {
            List<Future<?>> futures = new ArrayList<>();
            List<Map<String, Object>> batch = new ArrayList<>();
            for (Population.Person person : people) {
                batch.addAll(activity.of(person));
                while (batch.size() >= INTAKE_BATCH) {
                    List<Map<String, Object>> items = new ArrayList<>(batch.subList(0, INTAKE_BATCH));
                    batch.subList(0, INTAKE_BATCH).clear();
                    futures.add(pool.submit(() -> sent.addAndGet(ingest.events(items))));
                }
            }
            if (!batch.isEmpty()) {
                List<Map<String, Object>> items = List.copyOf(batch);
                futures.add(pool.submit(() -> sent.addAndGet(ingest.events(items))));
            }
            futures.forEach(Generation::get);
        } finally {
            pool.shutdownNow();
        }
        out.printf("Sent %,d card purchases, movements and bureau queries through the intake, spread over %d months.%n", sent.get(),
                Population.MONTHS);
        return sent.get();
    }

    void awaitArrival(DemoStores stores, List<DemoStores.Versions> versions, long events) {
        long expectedVersions = versions.stream().mapToLong(v -> v.at().size()).sum();
        List<String> subjects = versions.stream().map(DemoStores.Versions::subject).toList();
        Instant deadline = Instant.now().plus(ARRIVAL_TIMEOUT);
        long[] seen = new long[2];
        try (Progress progress = new Progress(out, () -> String.format("waiting for the router: Base B %,d of %,d versions, Base C %,d of %,d events",
                seen[0], expectedVersions, seen[1], events))) {
            while (true) {
                seen[0] = stores.versionsArrived(versions);
                seen[1] = stores.eventsArrived(subjects);
                if (seen[0] >= expectedVersions && seen[1] >= events) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(String.format("after %d minutes Base B has %d of %d versions and Base C %d of %d events:"
                                    + " is the stream router up (./pipeline up)? Dead letters: ./pipeline dlq list", ARRIVAL_TIMEOUT.toMinutes(),
                            seen[0], expectedVersions, seen[1], events));
                }
                pause();
            }
        }
        out.printf("Base B and C hold everything: %,d versions, %,d events.%n", expectedVersions, events);
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
