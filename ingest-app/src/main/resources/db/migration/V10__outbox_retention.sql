-- The outbox forgets: sent rows go after the retention (OutboxPurger), an erased subject's rows at the erasure.
CREATE INDEX outbox_sent_idx ON base_a.outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_subject_idx ON base_a.outbox (subject);
