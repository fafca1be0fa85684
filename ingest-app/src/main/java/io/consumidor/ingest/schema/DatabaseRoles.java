package io.consumidor.ingest.schema;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Creates Base A's two roles — the schema owner that runs migrations and the app role that owns nothing —
 * as an administrator, once, and their grants on the database ({@code db/bootstrap/roles.sql}). In production a
 * DBA may create the roles and run that file by hand instead.
 */
public final class DatabaseRoles {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String DUPLICATE_OBJECT = "42710";

    private DatabaseRoles() {
    }

    public static void bootstrap(DataSource admin, String database, RoleCredentials owner, RoleCredentials app) {
        String grants = load().replace("${database}", identifier(database))
                .replace("${owner}", identifier(owner.user())).replace("${app}", identifier(app.user()));
        try (Connection connection = admin.getConnection()) {
            create(connection, owner, "NOSUPERUSER NOCREATEDB NOCREATEROLE");
            create(connection, app, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT");
            try (Statement statement = connection.createStatement()) {
                statement.execute(grants);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the Base A roles: " + e.getMessage(), e);
        }
    }

    /**
     * Creates the role unless it exists, then sets its password through the driver, which sends only a SCRAM-SHA-256
     * verifier computed here: the password itself never becomes SQL text, so no character in it can end a literal or
     * a {@code $$} block and run as the administrator.
     */
    private static void create(Connection connection, RoleCredentials role, String attributes) throws SQLException {
        String name = identifier(role.user());
        if (role.password() == null || role.password().isEmpty()) {
            throw new IllegalArgumentException("a role password is required for " + name);
        }
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            exists.setString(1, name);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + name + " LOGIN " + attributes);
        } catch (SQLException e) {
            if (DUPLICATE_OBJECT.equals(e.getSQLState())) {
                return; // another instance created it a moment ago, with its password
            }
            throw e;
        }
        connection.unwrap(PGConnection.class).alterUserPassword(name, role.password().toCharArray(), "scram-sha-256");
    }

    private static String load() {
        try (InputStream in = DatabaseRoles.class.getResourceAsStream("/db/bootstrap/roles.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Role and database names go into DDL, which takes no bind parameters: allow plain identifiers only. */
    static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + name);
        }
        return name;
    }

    /** A role's login. */
    public record RoleCredentials(String user, String password) {
        @Override
        public String toString() {
            return "RoleCredentials[user=" + user + ", password=***]";
        }
    }

    static Map<String, String> placeholders(String appRole) {
        return Map.of("appRole", identifier(appRole));
    }
}
