-- Base A over SQS: a token for the queue is good for one request. The first request to present a token id (jti)
-- claims it, and a request id is claimed by the first token that names it: a replayed token, or a stranger's
-- request under another requester's id, finds the row taken. Rows go once their token has expired (a request
-- with an expired token is refused before it is looked up here).
CREATE TABLE base_a.queue_token (
    jti        text        PRIMARY KEY,
    request_id text        NOT NULL UNIQUE,
    nonce      text        NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX queue_token_expires_idx ON base_a.queue_token (expires_at);

GRANT SELECT, INSERT, DELETE ON base_a.queue_token TO ${appRole};
