package io.consumidor.router.ops;

import io.consumidor.router.RouterProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells a supervisor (the local stack) that the bindings run; the router has no HTTP port to probe. */
@Component
class ReadyFile {

    private final RouterProperties properties;

    ReadyFile(RouterProperties properties) {
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        if (!properties.readyFile().isBlank()) {
            try {
                Path file = Path.of(properties.readyFile());
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @EventListener(ContextClosedEvent.class)
    void closed() throws IOException {
        if (!properties.readyFile().isBlank()) {
            Files.deleteIfExists(Path.of(properties.readyFile()));
        }
    }
}
