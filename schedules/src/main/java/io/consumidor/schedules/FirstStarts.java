package io.consumidor.schedules;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * When each schedule first started on this job repository, in the scheduler's own table
 * ({@code consumidor_schedules.first_start}, created by Flyway from {@code db/schedules}, with its own history
 * table so it never meets another module's migrations). The first writer wins: replicas starting together, and
 * every later start, read the same instant.
 */
final class FirstStarts {

    static final String SCHEMA = "consumidor_schedules";

    private final JdbcClient jdbc;

    FirstStarts(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).defaultSchema(SCHEMA).table("schedules_schema_history")
                .locations("classpath:db/schedules").load().migrate();
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * Records the schedule's first start unless one is recorded, and returns the recorded one.
     *
     * @param firstStart asked only when none is recorded yet (now, or earlier for an install that ran before)
     */
    Instant record(String schedule, java.util.function.Supplier<Instant> firstStart) {
        if (read(schedule) == null) {
            jdbc.sql("INSERT INTO " + SCHEMA + ".first_start (schedule, first_started_at) VALUES (?, ?) ON CONFLICT (schedule) DO NOTHING")
                    .params(schedule, Timestamp.from(firstStart.get())).update();
        }
        return read(schedule);
    }

    private Instant read(String schedule) {
        return jdbc.sql("SELECT first_started_at FROM " + SCHEMA + ".first_start WHERE schedule = ?").param(schedule)
                .query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null);
    }

}
