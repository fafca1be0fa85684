package io.consumidor.ingest.schema;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The migration step ({@code --migrate}, {@code ./pipeline migrate}): {@link SchemaMigration} has migrated as the
 * owner by the time this runs; it reports and exits, so a deployment runs it as a one-shot job before it rolls the
 * app, and only that job holds the owner's password.
 */
@Component
public class MigrateCommand implements ApplicationRunner {

    private final ConfigurableApplicationContext context;

    public MigrateCommand(ConfigurableApplicationContext context, SchemaMigration migrated) {
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption(SchemaMigration.MIGRATE)) {
            return;
        }
        System.out.println("Base A schema migrated; the app can start without the owner's password.");
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
