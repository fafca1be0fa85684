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

    /** Records {@code now} as the schedule's first start unless one is recorded; returns the recorded one. */
    Instant record(String schedule, Instant now) {
        jdbc.sql("INSERT INTO " + SCHEMA + ".first_start (schedule, first_started_at) VALUES (?, ?) ON CONFLICT (schedule) DO NOTHING")
                .params(schedule, Timestamp.from(now)).update();
        return jdbc.sql("SELECT first_started_at FROM " + SCHEMA + ".first_start WHERE schedule = ?").param(schedule)
                .query(Timestamp.class).single().toInstant();
    }
}
