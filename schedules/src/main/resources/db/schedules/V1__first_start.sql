-- When each schedule first started on this job repository: its start-up catch-up never reaches before it unless
-- the schedule asks to backfill (a fresh install has missed nothing).
CREATE TABLE first_start (
    schedule         text        PRIMARY KEY,
    first_started_at timestamptz NOT NULL
);
