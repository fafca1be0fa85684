package io.consumidor.ingest.keys;

import io.consumidor.configerrors.UnsafeConfigurationException;
import io.consumidor.ingest.IngestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys fail closed: outside development mode Base A refuses to start without its keys, naming each setting; in
 * development mode it refuses a store that is not on loopback (the host below is never resolved: the guard runs
 * before any connection). The tests' own environment turns development mode on; these runs turn it off or aim it away.
 */
class FailClosedStartIT {

    @Test
    void withoutDevelopmentModeAMissingKeyStopsTheStartNamingEverySetting() {
        assertThatThrownBy(() -> new SpringApplication(IngestApplication.class).run("--server.port=0", "--CONSUMIDOR_DEV_MODE=false",
                "--consumidor.ingest.outbox.poll-interval=1h", "--consumidor.ingest.queue.enabled=false").close())
                .rootCause().hasMessageContaining("BASE_A_ENCRYPTION_KEYSET").hasMessageContaining("BASE_A_LOOKUP_KEYSET")
                .hasMessageContaining("BASE_A_SUBJECT_KEY");
    }

    @Test
    void withoutDevelopmentModeTheQueueWorkerNeedsItsKeyset() {
        assertThatThrownBy(() -> new SpringApplication(IngestApplication.class).run("--server.port=0", "--CONSUMIDOR_DEV_MODE=false",
                "--consumidor.ingest.outbox.poll-interval=1h", "--BASE_A_ENCRYPTION_KEYSET=" + KeysCli.generate().get("BASE_A_ENCRYPTION_KEYSET"),
                "--BASE_A_LOOKUP_KEYSET=" + KeysCli.generate().get("BASE_A_LOOKUP_KEYSET"), "--BASE_A_SUBJECT_KEY=" + KeysCli.generate().get("BASE_A_SUBJECT_KEY"))
                .close())
                .rootCause().hasMessageContaining("BASE_A_QUEUE_KEYSET");
    }

    @Test
    void developmentModeAgainstARemoteStoreIsRefused() {
        assertThatThrownBy(() -> new SpringApplication(IngestApplication.class).run("--server.port=0", "--CONSUMIDOR_DEV_MODE=true",
                "--spring.datasource.url=jdbc:postgresql://base-a.store.invalid:5432/consumidor").close())
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("spring.datasource.url (base-a.store.invalid)");
    }

    @Test
    void keysetsWrappedByAKmsKeyStartTheAppAndAnotherKmsKeyStopsItNamingTheSetting(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.util.Map<String, String> secrets = KeysCli.wrapped(KeysCli.generate(), io.consumidor.ingest.crypto.KeyEncryptionKeys.LOCAL
                + dir.resolve("kek.json"));
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of("--server.port=0", "--CONSUMIDOR_DEV_MODE=false",
                "--BASE_A_MIGRATE_ON_START=true", "--consumidor.ingest.outbox.poll-interval=1h"));
        for (String name : java.util.List.of("BASE_A_ENCRYPTION_KEYSET", "BASE_A_LOOKUP_KEYSET", "BASE_A_SUBJECT_KEY", "BASE_A_QUEUE_KEYSET",
                "BASE_A_KEYSET_KEK_URI")) {
            arguments.add("--" + name + "=" + secrets.get(name));
        }
        try (var app = new SpringApplication(IngestApplication.class).run(arguments.toArray(String[]::new))) {
            assertThat(app.isActive()).isTrue();
        }

        io.consumidor.ingest.crypto.KeyEncryptionKeys.local(dir.resolve("another-kek.json"), true);
        arguments.replaceAll(a -> a.startsWith("--BASE_A_KEYSET_KEK_URI=")
                ? "--BASE_A_KEYSET_KEK_URI=" + io.consumidor.ingest.crypto.KeyEncryptionKeys.LOCAL + dir.resolve("another-kek.json") : a);
        assertThatThrownBy(() -> new SpringApplication(IngestApplication.class).run(arguments.toArray(String[]::new)).close())
                .hasStackTraceContaining("(BASE_A_ENCRYPTION_KEYSET) does not unwrap with")
                .hasStackTraceContaining("BASE_A_KEYSET_KEK_URI");
    }
}
