package io.consumidor.ingest.schema;

import io.consumidor.ingest.IngestApplication;
import io.consumidor.ingest.audit.AuditRetentionCommand;
import io.consumidor.stack.StackSettings;
import io.consumidor.testsupport.TestDatabases;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migrations are their own step, and the audit log's retention is the owner's: on a database of its own, the
 * app without migrate-on-start refuses a schema that is behind (naming the step), runs without the owner's
 * password once the step has run, and cannot apply the audit retention without it; the owner deletes only rows
 * older than a cut-off at least 180 days back, and nobody truncates the log.
 */
class MigrationStepIT {

    /** A database per test: each starts from an empty one. */
    private final String url = TestDatabases.createPostgres("migration_step");

    @AfterEach
    void drop() {
        TestDatabases.dropPostgres(url);
    }

    private ConfigurableApplicationContext start(String... more) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + url,
                "--consumidor.ingest.outbox.poll-interval=1h", "--consumidor.ingest.queue.enabled=false"));
        arguments.addAll(List.of(more));
        return new SpringApplication(IngestApplication.class).run(arguments.toArray(String[]::new));
    }

    @Test
    void theAppChecksTheSchemaAndNeedsNoOwnerPasswordOnceTheStepRan() throws Exception {
        assertThatThrownBy(() -> start("--BASE_A_MIGRATE_ON_START=false", "--BASE_A_OWNER_PASSWORD=").close())
                .rootCause().hasMessageContaining("Base A's schema is not created").hasMessageContaining("--migrate");

        // The step (what --migrate runs before it exits): migrates as the owner.
        start("--BASE_A_MIGRATE_ON_START=true", "--spring.main.web-application-type=none").close();

        try (ConfigurableApplicationContext app = start("--BASE_A_MIGRATE_ON_START=false", "--BASE_A_OWNER_PASSWORD=",
                "--POSTGRES_USER=", "--POSTGRES_PASSWORD=")) {
            assertThat(app.isActive()).isTrue();
            assertThatThrownBy(() -> app.getBean(AuditRetentionCommand.class).apply(Instant.now().minus(Duration.ofDays(400))))
                    .hasMessageContaining("BASE_A_OWNER_PASSWORD");
        }
    }

    @Test
    void theOwnerAppliesTheAuditRetentionAndNothingShorterOrWider() throws Exception {
        try (ConfigurableApplicationContext app = start("--BASE_A_MIGRATE_ON_START=true", "--spring.main.web-application-type=none")) {
            try (Connection admin = TestStack.env().postgres(TestStack.env().postgresUser(), TestStack.env().postgresPassword(), url).getConnection();
                 Statement sql = admin.createStatement()) {
                sql.execute("DELETE FROM base_a.audit_log WHERE false"); // the trigger is per row: nothing to refuse
                for (int days : new int[]{2000, 400, 10}) {
                    sql.execute("INSERT INTO base_a.audit_log (occurred_at, request_id, method, route, status, outcome, latency_ms)"
                            + " VALUES (now() - interval '" + days + " days', 'r" + days + "', 'GET', '/consumers/{cpf}', 200, 'ok', 1)");
                }
            }
            AuditRetentionCommand retention = app.getBean(AuditRetentionCommand.class);

            assertThat(retention.apply(Instant.now().minus(Duration.ofDays(1825)))).as("older than five years").isEqualTo(1);
            assertThatThrownBy(() -> retention.apply(Instant.now().minus(Duration.ofDays(30))))
                    .as("a cut-off less than 180 days back").isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThat(retention.apply(Instant.now().minus(Duration.ofDays(200)))).isEqualTo(1);
            try (Connection owner = TestStack.env().postgres("consumidor_owner", StackSettings.BASE_A_OWNER_PASSWORD, url).getConnection();
                 Statement sql = owner.createStatement()) {
                assertThatThrownBy(() -> sql.execute("TRUNCATE base_a.audit_log")).hasMessageContaining("append-only");
                assertThatThrownBy(() -> sql.execute("DELETE FROM base_a.audit_log")).hasMessageContaining("append-only");
            }
            try (Connection appRole = TestStack.env().postgres("consumidor_app", StackSettings.BASE_A_APP_PASSWORD, url).getConnection();
                 Statement sql = appRole.createStatement()) {
                sql.execute("SELECT set_config('base_a.audit_retention_before', '2000-01-01T00:00:00Z', false)");
                assertThatThrownBy(() -> sql.execute("DELETE FROM base_a.audit_log")).hasMessageContaining("permission denied");
            }
        }
    }
}
