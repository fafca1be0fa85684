package io.consumidor.batchsupport.launch;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;

/**
 * One PostgreSQL advisory lock per job instance (job name and identifying parameters), held on its own
 * connection for as long as the instance's launch or restart runs. Spring Batch's job repository already gives
 * one job instance per identifying parameters, but two processes can still both see "not complete" and race into
 * a start or restart (spring-batch#5397); the lock makes the check and the launch one step across processes —
 * schedulers and the job command line alike. Session-level, so a process that dies releases it with its
 * connection: whoever holds the lock and finds the instance running knows its runner is gone.
 */
public final class InstanceLocks {

    private final DataSource dataSource;

    public InstanceLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The instance's lock, keyed by its job and identifying parameters; empty when another process holds it. */
    public Optional<Held> tryLock(String job, JobParameters identifying) {
        StringBuilder key = new StringBuilder(job);
        identifying.parameters().stream().filter(JobParameter::identifying).sorted(Comparator.comparing(JobParameter::name))
                .forEach(p -> key.append('|').append(p.name()).append('=').append(p.value()));
        return tryLock(key.toString());
    }

    /** The lock of a key if no one else holds it; empty when another process holds it. */
    public Optional<Held> tryLock(String key) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                statement.setString(1, "consumidor.batch:" + key);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return Optional.of(new Held(connection, key));
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the lock, if taken, goes with the connection
                }
            }
            throw new IllegalStateException("cannot take the lock of " + key + ": " + e.getMessage(), e);
        }
    }

    /** A held lock; closing releases it. */
    public static final class Held implements AutoCloseable {

        private final Connection connection;
        private final String key;

        private Held(Connection connection, String key) {
            this.connection = connection;
            this.key = key;
        }

        @Override
        public void close() {
            try (connection; PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                statement.setString(1, "consumidor.batch:" + key);
                statement.execute();
            } catch (SQLException e) {
                // closing the connection releases a session lock anyway
            }
        }
    }
}
