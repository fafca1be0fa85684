-- Base A over SQS: the audit trail says which door a request came through, and the worker remembers which
-- requests it answered so a redelivered request (worker killed, visibility timeout) is answered once.
ALTER TABLE base_a.audit_log ADD COLUMN channel text NOT NULL DEFAULT 'http' CHECK (channel IN ('http', 'sqs'));

CREATE TABLE base_a.queue_request (
    request_id  text        PRIMARY KEY,
    status      int         NOT NULL CHECK (status BETWEEN 100 AND 599),
    answered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX queue_request_answered_idx ON base_a.queue_request (answered_at);

-- DELETE only for the clean-up of entries older than any redelivery could be (SQS keeps a message 14 days at most).
GRANT SELECT, INSERT, DELETE ON base_a.queue_request TO ${appRole};
