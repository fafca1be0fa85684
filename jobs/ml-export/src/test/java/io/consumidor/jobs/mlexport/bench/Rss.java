package io.consumidor.jobs.mlexport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** The largest resident set size of this process while watched, sampled every 100 ms from /proc (KiB). */
final class Rss {

    private final AtomicLong max = new AtomicLong();
    private volatile boolean watching = true;
    private final Thread sampler;

    private Rss() {
        sampler = new Thread(() -> {
            while (watching) {
                max.accumulateAndGet(current(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static Rss watch() {
        return new Rss();
    }

    long stop() {
        watching = false;
        sampler.interrupt();
        return max.get();
    }

    static long current() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
