package io.consumidor.ingest.schema;

import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.schema.DatabaseRoles.RoleCredentials;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * Brings the schema up to date at start-up, before any repository runs a query: creates the roles when an
 * administrator is configured (local stack), then migrates as the schema owner. The app itself then
 * connects as the app role, which could not run these migrations.
 */
@Component
public class SchemaMigration {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

    public SchemaMigration(IngestProperties properties, DataSourceProperties dataSource) {
        IngestProperties.Database database = properties.database();
        String url = dataSource.getUrl();
        if (database.bootstrapRoles()) {
            DatabaseRoles.bootstrap(connect(url, database.adminUser(), database.adminPassword()), databaseName(url),
                    new RoleCredentials(database.ownerUser(), database.ownerPassword()),
                    new RoleCredentials(database.appRole(), database.appPassword()));
        }
        var result = BaseASchema.migrate(connect(url, database.ownerUser(), database.ownerPassword()), database.appRole());
        log.info("Base A schema at version {} ({} migrations applied now)", result.targetSchemaVersion, result.migrationsExecuted);
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
