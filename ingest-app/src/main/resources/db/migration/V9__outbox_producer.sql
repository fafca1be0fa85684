-- Who sent an intake event (the token's azp, else its sub); null for Base A's own events.
ALTER TABLE base_a.outbox ADD COLUMN producer text;
