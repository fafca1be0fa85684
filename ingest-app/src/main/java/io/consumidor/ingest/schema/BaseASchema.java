package io.consumidor.ingest.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/** Migrates Base A's schema as its owner, granting the app role exactly what V1 lists. */
public final class BaseASchema {

    private BaseASchema() {
    }

    public static MigrateResult migrate(DataSource owner, String appRole) {
        return Flyway.configure()
                .dataSource(owner)
                .locations("classpath:db/migration")
                .schemas("base_a")
                .createSchemas(true)
                .defaultSchema("base_a")
                .placeholders(DatabaseRoles.placeholders(appRole))
                .load()
                .migrate();
    }
}
