package io.consumidor.schedules;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One PostgreSQL advisory lock per slot, held on its own connection for as long as the slot's launch or restart
 * runs. Spring Batch's job repository already gives one job instance per identifying parameters, but two
 * processes can still both see "not complete" and race into a start or restart (spring-batch#5397); the lock
 * makes the check and the launch one step across replicas. Session-level, so a scheduler that dies releases it
 * with its connection.
 */
final class SlotLocks {

    private final DataSource dataSource;

    SlotLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The slot's lock if no one else holds it; empty when another process is running that slot. */
    Optional<Held> tryLock(String slotKey) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                statement.setString(1, "consumidor.schedules:" + slotKey);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return Optional.of(new Held(connection, slotKey));
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
            throw new IllegalStateException("cannot take the lock of slot " + slotKey + ": " + e.getMessage(), e);
        }
    }

    /** A held slot lock; closing releases it. */
    static final class Held implements AutoCloseable {

        private final Connection connection;
        private final String slotKey;

        private Held(Connection connection, String slotKey) {
            this.connection = connection;
            this.slotKey = slotKey;
        }

        @Override
        public void close() {
            try (connection; PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                statement.setString(1, "consumidor.schedules:" + slotKey);
                statement.execute();
            } catch (SQLException e) {
                // closing the connection releases a session lock anyway
            }
        }
    }
}
