package io.consumidor.ingest.audit;

import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.schema.SchemaMigration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code --audit-retention} ({@code ./pipeline audit-retention}): deletes the audit rows older than
 * {@code consumidor.ingest.audit.retention} (5 years by default), as the schema owner — the app role cannot delete
 * audit rows at all, and the table's trigger lets the owner delete only rows older than the cut-off its session
 * names, and only a cut-off at least 180 days back (migration V11). Prints what it removed and exits.
 */
@Component
public class AuditRetentionCommand implements ApplicationRunner {

    public static final String OPTION = "audit-retention";

    private final IngestProperties properties;
    private final DataSourceProperties dataSource;
    private final ConfigurableApplicationContext context;
    private final Clock clock;

    public AuditRetentionCommand(IngestProperties properties, DataSourceProperties dataSource, ConfigurableApplicationContext context,
                                 SchemaMigration migrated) {
        this.properties = properties;
        this.dataSource = dataSource;
        this.context = context;
        this.clock = Clock.systemUTC();
    }

    @Override
    public void run(ApplicationArguments args) throws SQLException {
        if (!args.containsOption(OPTION)) {
            return;
        }
        Instant cutoff = clock.instant().minus(properties.audit().retention());
        long deleted = apply(cutoff);
        System.out.printf("Audit log: %d rows older than %s (retention %s) deleted as %s.%n", deleted, cutoff,
                properties.audit().retention(), properties.database().ownerUser());
        System.exit(SpringApplication.exit(context, () -> 0));
    }

    /** Deletes the rows older than {@code cutoff} as the owner, in one transaction; returns how many. */
    public long apply(Instant cutoff) throws SQLException {
        try (Connection owner = SchemaMigration.owner(properties, dataSource.getUrl()).getConnection()) {
            owner.setAutoCommit(false);
            try (PreparedStatement setting = owner.prepareStatement("SELECT set_config('base_a.audit_retention_before', ?, true)");
                 PreparedStatement delete = owner.prepareStatement("DELETE FROM base_a.audit_log WHERE occurred_at < ?")) {
                setting.setString(1, cutoff.toString());
                setting.execute();
                delete.setTimestamp(1, Timestamp.from(cutoff));
                long deleted = delete.executeLargeUpdate();
                owner.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                owner.rollback();
                throw e;
            }
        }
    }
}
