package io.consumidor.stack.server;

import io.consumidor.stack.StackException;
import io.consumidor.stack.StackSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The command line of a server JVM: the running JDK, a small heap, serial GC (these servers are
     * mostly idle and 2 cores are shared), and the stack marker that lets pid checks recognise it.
     */
    static List<String> javaCommand(StackSettings settings, String heap, List<String> jvmOptions, String classpath,
                                    String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-Dconsumidor.stack=" + settings.stateDir()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }
}
