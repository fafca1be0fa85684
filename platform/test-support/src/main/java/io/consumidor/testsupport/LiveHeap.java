package io.consumidor.testsupport;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest heap in use right after a garbage collection while watched: the memory a run really holds.
 * Peak usage before collection mostly measures how long the young generation was allowed to fill, which
 * says nothing about whether memory grows with the data.
 */
public final class LiveHeap {

    private final AtomicLong max = new AtomicLong();
    private final List<Runnable> detach = new ArrayList<>();

    public static LiveHeap watch() {
        LiveHeap heap = new LiveHeap();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                NotificationListener listener = (notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                        heap.max.accumulateAndGet(used, Math::max);
                    }
                };
                emitter.addNotificationListener(listener, null, null);
                heap.detach.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        return heap;
    }

    /** Stops watching; the largest heap after a collection seen, with one final collection counted. */
    public long stop() {
        System.gc();
        try {
            Thread.sleep(200); // notifications arrive on their own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        detach.forEach(Runnable::run);
        return max.get();
    }
}
