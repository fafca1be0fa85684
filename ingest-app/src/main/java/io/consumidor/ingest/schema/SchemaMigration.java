package io.consumidor.ingest.schema;

import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.schema.DatabaseRoles.RoleCredentials;
import org.flywaydb.core.api.MigrationInfo;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * Base A's schema before any repository runs a query. Migrations are their own step: {@code --migrate} (or
 * {@code migrate-on-start}, which development mode sets) creates the roles when an administrator is configured
 * (local stack) and migrates as the schema owner. Otherwise — the serving app in production — the owner's password
 * is not held at all: the app, connected as the app role, only checks that every migration it ships is applied,
 * and refuses to start on a schema that is behind, naming the step to run.
 */
@Component
public class SchemaMigration {

    /** The migration step: migrate as the owner, then exit ({@code MigrateCommand}). */
    public static final String MIGRATE = "migrate";
    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

    public SchemaMigration(IngestProperties properties, DataSourceProperties dataSource, ApplicationArguments arguments) {
        IngestProperties.Database database = properties.database();
        String url = dataSource.getUrl();
        if (database.migrateOnStart() || arguments.containsOption(MIGRATE)) {
            if (database.bootstrapRoles()) {
                DatabaseRoles.bootstrap(connect(url, database.adminUser(), database.adminPassword()), databaseName(url),
                        new RoleCredentials(database.ownerUser(), ownerPassword(database)),
                        new RoleCredentials(database.appRole(), database.appPassword()));
            }
            var result = BaseASchema.migrate(owner(properties, url), database.appRole());
            log.info("Base A schema at version {} ({} migrations applied now)", result.targetSchemaVersion, result.migrationsExecuted);
        } else {
            requireCurrent(connect(url, dataSource.getUsername(), dataSource.getPassword()), database.appRole());
        }
    }

    /** The schema owner's connection, for the steps that need it (migrations, the audit retention). */
    public static DataSource owner(IngestProperties properties, String url) {
        return connect(url, properties.database().ownerUser(), ownerPassword(properties.database()));
    }

    private static String ownerPassword(IngestProperties.Database database) {
        if (database.ownerPassword() == null || database.ownerPassword().isBlank()) {
            throw new IllegalStateException("this step runs as the schema owner " + database.ownerUser() + " and needs its password:"
                    + " set BASE_A_OWNER_PASSWORD (consumidor.ingest.database.owner-password) for the migration step only");
        }
        return database.ownerPassword();
    }

    static void requireCurrent(DataSource app, String appRole) {
        var info = BaseASchema.info(app, appRole);
        MigrationInfo current = info.current();
        MigrationInfo[] pending = info.pending();
        if (current == null || pending.length > 0) {
            throw new IllegalStateException("Base A's schema is " + (current == null ? "not created" : "at version " + current.getVersion())
                    + " and this app needs version " + (pending.length == 0 ? "?" : pending[pending.length - 1].getVersion()) + ": run the migration step first"
                    + " (java -jar ingest-app.jar --migrate with BASE_A_OWNER_PASSWORD; ./pipeline migrate locally)");
        }
        log.info("Base A schema at version {}: current (migrations are a separate step)", current.getVersion());
    }

    private static PGSimpleDataSource connect(String url, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    static String databaseName(String jdbcUrl) {
        String path = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        String afterHost = path.substring(path.indexOf('/') + 1);
        int query = afterHost.indexOf('?');
        return query < 0 ? afterHost : afterHost.substring(0, query);
    }
}
