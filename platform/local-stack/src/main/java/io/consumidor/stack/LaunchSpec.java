package io.consumidor.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How to start one server process: its command line, extra environment and working directory. */
public record LaunchSpec(List<String> command, Map<String, String> environment, Path workingDir) {

    public LaunchSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
