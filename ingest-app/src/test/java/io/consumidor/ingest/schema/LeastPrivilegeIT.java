package io.consumidor.ingest.schema;

import io.consumidor.ingest.schema.DatabaseRoles.RoleCredentials;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import javax.sql.DataSource;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL itself, not the Java code, stops the app role from doing harm: every forbidden statement is
 * run as the app role (or, for the audit log, even as the owner) and must fail.
 */
class LeastPrivilegeIT {

    private static final RoleCredentials OWNER = new RoleCredentials("consumidor_owner", io.consumidor.stack.StackSettings.BASE_A_OWNER_PASSWORD);
    private static final RoleCredentials APP = new RoleCredentials("consumidor_app", io.consumidor.stack.StackSettings.BASE_A_APP_PASSWORD);

    @BeforeAll
    static void migrate() {
        StackEnv stack = TestStack.env();
        DatabaseRoles.bootstrap(dataSource(stack.postgresUser(), stack.postgresPassword()),
                SchemaMigration.databaseName(stack.postgresUrl()), OWNER, APP);
        BaseASchema.migrate(dataSource(OWNER.user(), OWNER.password()), APP.user());
    }

    private static DataSource dataSource(String user, String password) {
        return TestStack.env().postgres(user, password);
    }

    private static Connection asApp() throws SQLException {
        return dataSource(APP.user(), APP.password()).getConnection();
    }

    private static Connection asOwner() throws SQLException {
        return dataSource(OWNER.user(), OWNER.password()).getConnection();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE base_a.sneaky (id int)",
            "CREATE TABLE public.sneaky (id int)",
            "DROP TABLE base_a.consumer",
            "ALTER TABLE base_a.consumer ADD COLUMN cpf_plain text",
            "ALTER TABLE base_a.debt DROP CONSTRAINT debt_amount_positive",
            "CREATE INDEX sneaky_idx ON base_a.consumer (created_at)",
            "CREATE FUNCTION base_a.sneaky() RETURNS int LANGUAGE sql AS 'select 1'",
            "TRUNCATE base_a.consumer",
            "TRUNCATE base_a.debt",
            "TRUNCATE base_a.audit_log",
            "TRUNCATE base_a.outbox",
            "DELETE FROM base_a.consumer",
            "DELETE FROM base_a.consumer WHERE id = 1",
            "UPDATE base_a.consumer SET version = 0",
            "UPDATE base_a.consumer SET version = 0 WHERE id = 1",
            "DELETE FROM base_a.debt",
            "UPDATE base_a.debt SET status = 'SETTLED'",
            "UPDATE base_a.audit_log SET outcome = 'ok'",
            "DELETE FROM base_a.audit_log",
            "DELETE FROM base_a.flyway_schema_history",
            "UPDATE base_a.flyway_schema_history SET success = true",
            "SET ROLE consumidor_owner"
    })
    void appRoleCannot(String statement) throws Exception {
        try (Connection connection = asApp(); Statement sql = connection.createStatement()) {
            assertThatThrownBy(() -> sql.execute(statement)).isInstanceOf(SQLException.class);
        }
    }

    /** PostgreSQL answers a GRANT without grant option with a warning, not an error: check its effect. */
    @Test
    void appRoleCannotShareItsPrivileges() throws Exception {
        try (Connection connection = asApp(); Statement sql = connection.createStatement()) {
            sql.execute("GRANT SELECT ON base_a.consumer TO PUBLIC");
            try (ResultSet grants = sql.executeQuery(
                    "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'PUBLIC' AND table_schema = 'base_a'")) {
                grants.next();
                assertThat(grants.getInt(1)).isZero();
            }
        }
    }

    @Test
    void appRoleOwnsNothing() throws Exception {
        try (Connection connection = asApp(); Statement sql = connection.createStatement();
             ResultSet owned = sql.executeQuery("""
                     SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user
                     """)) {
            owned.next();
            assertThat(owned.getInt(1)).isZero();
        }
    }

    @Test
    void auditLogIsAppendOnlyEvenForTheOwner() throws Exception {
        try (Connection connection = asApp(); Statement sql = connection.createStatement()) {
            sql.execute("""
                    INSERT INTO base_a.audit_log (request_id, method, route, status, outcome, latency_ms)
                    VALUES ('req-1', 'GET', '/consumers/{cpf}', 200, 'ok', 3)""");
        }
        try (Connection connection = asOwner(); Statement sql = connection.createStatement()) {
            assertThatThrownBy(() -> sql.execute("UPDATE base_a.audit_log SET outcome = 'forged'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> sql.execute("DELETE FROM base_a.audit_log")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> sql.execute("TRUNCATE base_a.audit_log")).hasMessageContaining("append-only");
        }
    }

    @Test
    void eraseNeedsANamedConsumerAndRemovesExactlyThatOne() throws Exception {
        byte[] first = insertConsumer();
        byte[] second = insertConsumer();
        try (Connection connection = asApp()) {
            assertThatThrownBy(() -> erase(connection, null)).hasMessageContaining("a consumer must be named");

            assertThat(erase(connection, first)).as("the tombstone's version").isPositive();
            assertThat(erase(connection, first)).as("unknown consumer").isNull();
            assertThat(exists(connection, second)).isTrue();
        }
    }

    @Test
    void updateNeedsTheCurrentVersion() throws Exception {
        byte[] hmac = insertConsumer();
        try (Connection connection = asApp();
             PreparedStatement update = connection.prepareStatement("SELECT base_a.update_consumer(?, ?, ?, ?, ?, ?)")) {
            byte[] cipher = {1, 2, 3};
            long version = versionOf(connection, hmac);
            Object[] stale = {hmac, version - 1, cipher, cipher, cipher, cipher};
            Object[] current = {hmac, version, cipher, cipher, cipher, cipher};

            assertThat(call(update, stale)).isNull();
            assertThat(call(update, current)).isGreaterThan(version);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "('11222333000181', -5.00, 'BRL', 'OPEN')",
            "('11222333000181', 0, 'BRL', 'OPEN')",
            "('11222333000180', 10.00, 'BRL', 'OPEN')",
            "('11111111111111', 10.00, 'BRL', 'OPEN')",
            "('11222333000181', 10.00, 'brl', 'OPEN')",
            "('11222333000181', 10.00, 'BRL', 'FORGOTTEN')",
            "('11222333000181', 10.00, 'BRL', 'SETTLED')"
    })
    void databaseRejectsInvalidDebts(String values) throws Exception {
        byte[] hmac = insertConsumer();
        try (Connection connection = asApp(); Statement sql = connection.createStatement()) {
            String insert = "INSERT INTO base_a.debt (consumer_id, creditor_cnpj, amount, currency, status, due_date, contract_ciphertext) "
                    + "SELECT c.id, v.* , date '2027-01-01', '\\x01'::bytea FROM base_a.consumer c, (VALUES " + values
                    + ") AS v WHERE c.cpf_hmac = '\\x" + java.util.HexFormat.of().formatHex(hmac) + "'";
            assertThatThrownBy(() -> sql.execute(insert)).isInstanceOf(SQLException.class).hasMessageContaining("violates check constraint");
        }
    }

    @Test
    void databaseAcceptsAValidDebt() throws Exception {
        byte[] hmac = insertConsumer();
        try (Connection connection = asApp(); Statement sql = connection.createStatement()) {
            int valid = sql.executeUpdate("INSERT INTO base_a.debt (consumer_id, creditor_cnpj, amount, currency, status, due_date, contract_ciphertext) "
                    + "SELECT id, '11222333000181', 10.00, 'BRL', 'OPEN', date '2027-01-01', '\\x01'::bytea FROM base_a.consumer "
                    + "WHERE cpf_hmac = '\\x" + java.util.HexFormat.of().formatHex(hmac) + "'");
            assertThat(valid).isOne();
        }
    }

    private static byte[] insertConsumer() throws SQLException {
        byte[] hmac = new byte[32];
        new SecureRandom().nextBytes(hmac);
        try (Connection connection = asApp(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO base_a.consumer (cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext)
                VALUES (?, '\\x01', '\\x02', '\\x03', '\\x04')""")) {
            insert.setBytes(1, hmac);
            insert.executeUpdate();
        }
        return hmac;
    }

    private static Long erase(Connection connection, byte[] hmac) throws SQLException {
        try (PreparedStatement erase = connection.prepareStatement("SELECT base_a.erase_consumer(?)")) {
            erase.setBytes(1, hmac);
            try (ResultSet result = erase.executeQuery()) {
                result.next();
                long version = result.getLong(1);
                return result.wasNull() ? null : version;
            }
        }
    }

    private static long versionOf(Connection connection, byte[] hmac) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement("SELECT version FROM base_a.consumer WHERE cpf_hmac = ?")) {
            find.setBytes(1, hmac);
            try (ResultSet result = find.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static boolean exists(Connection connection, byte[] hmac) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement("SELECT 1 FROM base_a.consumer WHERE cpf_hmac = ?")) {
            find.setBytes(1, hmac);
            try (ResultSet result = find.executeQuery()) {
                return result.next();
            }
        }
    }

    private static Long call(PreparedStatement update, Object[] args) throws SQLException {
        update.setBytes(1, (byte[]) args[0]);
        update.setLong(2, (Long) args[1]);
        update.setBytes(3, (byte[]) args[2]);
        update.setBytes(4, (byte[]) args[3]);
        update.setBytes(5, (byte[]) args[4]);
        update.setBytes(6, (byte[]) args[5]);
        try (ResultSet result = update.executeQuery()) {
            result.next();
            long value = result.getLong(1);
            return result.wasNull() ? null : value;
        }
    }
}
