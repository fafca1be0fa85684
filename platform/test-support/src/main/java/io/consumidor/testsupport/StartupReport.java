package io.consumidor.testsupport;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a (small) Spring application the way a user would see it start, and keeps what it printed: for
 * tests of what a broken configuration file tells the person who wrote it.
 */
public final class StartupReport {

    /** Whether it started, and everything it printed to the console while trying. */
    public record Result(boolean started, String output) {
    }

    private StartupReport() {
    }

    /**
     * Starts {@code configuration} with a configuration file of the given content, pointed to the way a deployment
     * points to it: {@code variable} (say {@code ROUTES_FILE}) as in the OS environment, a system property here,
     * because a file that is not YAML fails before the application has an environment of its own to carry it.
     */
    public static synchronized Result withFile(Class<?> configuration, String variable, String fileName, String content) {
        try {
            Path dir = Files.createTempDirectory("startup-report");
            Path file = dir.resolve(fileName);
            Files.writeString(file, content);
            System.setProperty(variable, "file:" + file);
            try {
                return of(configuration, Map.of("spring.main.banner-mode", "off"));
            } finally {
                System.clearProperty(variable);
                Files.delete(file);
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized Result of(Class<?> configuration, Map<String, Object> properties) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
                .properties(properties).logStartupInfo(false).run()) {
            return new Result(true, captured.toString(StandardCharsets.UTF_8));
        } catch (RuntimeException failed) {
            return new Result(false, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
