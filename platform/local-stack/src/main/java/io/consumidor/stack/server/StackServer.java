package io.consumidor.stack.server;

import io.consumidor.stack.LaunchSpec;

import java.util.List;

/** One server of the local stack: how to prepare, start and probe it. */
public interface StackServer extends AutoCloseable {

    /** Short name used for pid, log and status lines, e.g. {@code postgres}. */
    String name();

    /** What actually serves, e.g. {@code ElasticMQ 1.7.1}. */
    String implementation();

    /** Loopback ports the server binds; the first is the one clients use. */
    List<Integer> ports();

    /** Idempotent one-time work before a start: unpack a distribution, initialise a data directory. */
    void prepare();

    LaunchSpec launch();

    /** True when the server answers a real protocol call; never throws. */
    boolean ready();

    /** Work once ready, such as creating the default database or bucket. Must be idempotent. */
    default void afterReady() {
    }

    /** The signal that shuts the server down quickly and cleanly. */
    default String stopSignal() {
        return "TERM";
    }

    @Override
    default void close() {
    }
}
