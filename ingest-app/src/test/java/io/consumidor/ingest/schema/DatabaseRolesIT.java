package io.consumidor.ingest.schema;

import io.consumidor.ingest.schema.DatabaseRoles.RoleCredentials;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Connection;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A role's password is data, never SQL: one written to end the {@code $$} block and the literal that once held it
 * logs in as it is and runs nothing as the administrator. Roles of their own, dropped afterwards.
 */
class DatabaseRolesIT {

    private final StackEnv stack = TestStack.env();
    private final JdbcClient admin = JdbcClient.create(stack.postgresAdmin());
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String pwned = "pwned_" + suffix;
    private final RoleCredentials owner = new RoleCredentials("owner_" + suffix,
            "o'; END $$; CREATE ROLE " + pwned + " SUPERUSER LOGIN PASSWORD 'x'; DO $$ BEGIN --");
    private final RoleCredentials app = new RoleCredentials("app_" + suffix, "a$$'\\\"; DROP TABLE base_a.consumer; --");

    @AfterEach
    void dropRoles() {
        for (String role : List.of(owner.user(), app.user(), pwned)) {
            if (admin.sql("SELECT count(*) FROM pg_roles WHERE rolname = ?").param(role).query(Long.class).single() > 0) {
                admin.sql("REVOKE ALL ON DATABASE " + SchemaMigration.databaseName(stack.postgresUrl()) + " FROM " + role).update();
                admin.sql("DROP ROLE " + role).update();
            }
        }
    }

    @Test
    void hostilePasswordsLogInAsTheyAreAndRunNothing() throws Exception {
        DatabaseRoles.bootstrap(stack.postgres(stack.postgresUser(), stack.postgresPassword()), SchemaMigration.databaseName(stack.postgresUrl()),
                owner, app);

        assertThat(admin.sql("SELECT count(*) FROM pg_roles WHERE rolname = ?").param(pwned).query(Long.class).single())
                .as("no role made by the password's text").isZero();
        for (RoleCredentials role : List.of(owner, app)) {
            try (Connection connection = stack.postgres(role.user(), role.password()).getConnection()) {
                assertThat(connection.isValid(2)).as(role.user()).isTrue();
            }
            assertThat(admin.sql("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = ?").param(role.user())
                    .query(Boolean.class).single()).as("stored as a SCRAM verifier").isTrue();
        }
        // Run again (a second start): the roles exist, nothing fails.
        DatabaseRoles.bootstrap(stack.postgres(stack.postgresUser(), stack.postgresPassword()), SchemaMigration.databaseName(stack.postgresUrl()),
                owner, app);
    }
}
