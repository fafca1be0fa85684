package io.consumidor.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the folder holding {@code pipeline} and {@code .mvn}) from anywhere inside it. */
public final class ProjectHome {

    private ProjectHome() {
    }

    public static Path locate() {
        String explicit = System.getProperty("consumidor.home", System.getenv("CONSUMIDOR_HOME"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("pipeline")) && Files.isDirectory(candidate.resolve(".mvn"))) {
                return candidate;
            }
        }
        throw new StackException("cannot find the Consumidor project root above " + dir
                + " (looked for the 'pipeline' script); set CONSUMIDOR_HOME");
    }
}
