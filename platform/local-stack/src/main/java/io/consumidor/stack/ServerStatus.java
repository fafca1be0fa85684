package io.consumidor.stack;

import java.nio.file.Path;

/** One line of {@code pipeline stack status}. */
public record ServerStatus(String name, String implementation, State state, int port, Long pid, long residentKib, Path log) {

    public enum State { UP, STARTING, DOWN }

    public boolean up() {
        return state == State.UP;
    }
}
