package io.consumidor.ingest.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/** Migrates Base A's schema as its owner, granting the app role exactly what V1 lists. */
public final class BaseASchema {

    private BaseASchema() {
    }

    public static MigrateResult migrate(DataSource owner, String appRole) {
        return flyway(owner, appRole).migrate();
    }

    /** What is applied and what is pending, read as any role that may read Flyway's history (the app role may). */
    public static MigrationInfoService info(DataSource dataSource, String appRole) {
        return flyway(dataSource, appRole).info();
    }

    private static Flyway flyway(DataSource dataSource, String appRole) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .schemas("base_a")
                .createSchemas(true)
                .defaultSchema("base_a")
                .placeholders(DatabaseRoles.placeholders(appRole))
                .load();
    }
}
