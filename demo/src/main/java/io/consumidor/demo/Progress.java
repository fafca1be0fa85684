package io.consumidor.demo;

import java.io.PrintStream;
import java.util.function.Supplier;

/** A line of progress every five seconds while long work runs, from a daemon thread; closing stops it. */
final class Progress implements AutoCloseable {

    private final Thread thread;

    Progress(PrintStream out, Supplier<String> line) {
        long started = System.nanoTime();
        thread = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(5000);
                    out.printf("  ... %s (%.0f s)%n", line.get(), (System.nanoTime() - started) / 1e9);
                }
            } catch (InterruptedException stopped) {
                // closed
            }
        }, "demo-progress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
