package io.consumidor.stack.server;

import io.consumidor.stack.StackException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the classpath a server module under platform/local-stack/servers wrote at build time. */
final class ServerClasspath {

    private ServerClasspath() {
    }

    static String of(Path home, String module) {
        Path file = home.resolve("platform/local-stack/servers").resolve(module).resolve("target/classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new StackException("the " + module + " server is not built (" + file + " is missing); run ./pipeline build");
        }
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
