package io.consumidor.ingest.schema;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Creates Base A's two roles — the schema owner that runs migrations and the app role that owns nothing —
 * as an administrator, once. In production a DBA may run {@code db/bootstrap/roles.sql} by hand instead.
 */
public final class DatabaseRoles {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private DatabaseRoles() {
    }

    public static void bootstrap(DataSource admin, String database, RoleCredentials owner, RoleCredentials app) {
        String script = load().replace("${database}", identifier(database))
                .replace("${owner}", identifier(owner.user())).replace("${ownerPassword}", literal(owner.password()))
                .replace("${app}", identifier(app.user())).replace("${appPassword}", literal(app.password()));
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(script);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the Base A roles: " + e.getMessage(), e);
        }
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

    static String literal(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a role password is required");
        }
        return password.replace("'", "''");
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
