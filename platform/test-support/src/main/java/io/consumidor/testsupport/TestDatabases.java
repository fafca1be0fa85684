package io.consumidor.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * PostgreSQL databases of a test's own on the stack's server, for tests that must see exactly their own rows
 * (a re-encryption run walks the whole table it is given).
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** Creates {@code <prefix>_<random>} and returns its JDBC URL. */
    public static String createPostgres(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        execute("CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    /** Drops the database behind {@code url}, closing whatever connections are still open to it. */
    public static void dropPostgres(String url) {
        execute("DROP DATABASE IF EXISTS " + url.substring(url.lastIndexOf('/') + 1) + " WITH (FORCE)");
    }

    private static String jdbcUrl(String database) {
        String base = TestStack.env().postgresUrl();
        return base.substring(0, base.lastIndexOf('/') + 1) + database;
    }

    private static void execute(String sql) {
        try (Connection connection = TestStack.env().postgresAdmin().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
