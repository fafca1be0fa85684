package io.consumidor.ingest.rotation;

import io.consumidor.ingest.crypto.FieldEncryption;
import io.consumidor.ingest.schema.SchemaMigration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code ./pipeline reencrypt} (ingest-app with {@code --reencrypt}): after a rotation made a new primary
 * key, rewrites old ciphertexts under it, prints progress and a summary, and exits.
 */
@Component
public class ReencryptCommand implements ApplicationRunner {

    private final JdbcClient jdbc;
    private final FieldEncryption encryption;
    private final ConfigurableApplicationContext context;

    public ReencryptCommand(JdbcClient jdbc, FieldEncryption encryption, ConfigurableApplicationContext context,
                            SchemaMigration migrated) {
        this.jdbc = jdbc;
        this.encryption = encryption;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption("reencrypt")) {
            return;
        }
        System.out.println("Re-encrypting Base A under primary key id " + encryption.primaryKeyId());
        Reencryption.Result result = new Reencryption(jdbc, encryption).run(line -> System.out.println("  " + line));
        System.out.printf("Done: %d of %d consumers and %d of %d debts re-encrypted; %d rows unreadable.%n",
                result.consumersReencrypted(), result.consumersScanned(), result.debtsReencrypted(), result.debtsScanned(),
                result.unreadable());
        if (result.consumersChanged() > 0) {
            System.out.printf("%d consumers were replaced during the run and left as the app wrote them; run again once"
                    + " every app instance encrypts under the new key.%n", result.consumersChanged());
        }
        int exitCode = result.unreadable() == 0 ? 0 : 1;
        System.exit(SpringApplication.exit(context, () -> exitCode));
    }
}
