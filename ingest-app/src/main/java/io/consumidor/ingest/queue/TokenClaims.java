package io.consumidor.ingest.queue;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One token, one request. The first request to present a token id ({@code jti}) claims it, and a request id is
 * claimed by the first token that names it ({@code base_a.queue_token}, unique on both). A redelivery of the same
 * request (same id, token and nonce) finds its own claim; a replayed token finds another request's, and a stranger
 * who sends a request under someone else's id finds the id taken. The claim and the answered-request check are one
 * statement, so the worker pays no round trip for it beyond the one it made before.
 */
class TokenClaims {

    /** What a claim found. */
    enum Claim {
        /** A request never seen: answer it. */
        NEW,
        /** The same request again, not answered yet (the worker died before answering): answer it. */
        RETRY,
        /** The same request again, answered already: drop it. */
        ANSWERED,
        /** The token was claimed by another request: refuse it. */
        REPLAYED,
        /** The request id was claimed by another token: refuse it. */
        ID_TAKEN
    }

    private final JdbcClient jdbc;

    TokenClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Claim claim(String jti, String requestId, String nonce, Instant expiresAt) {
        Map<String, Object> row = jdbc.sql("""
                        WITH claimed AS (INSERT INTO base_a.queue_token (jti, request_id, nonce, expires_at) VALUES (?, ?, ?, ?)
                                         ON CONFLICT DO NOTHING RETURNING 1)
                        SELECT EXISTS (SELECT 1 FROM claimed) AS claimed,
                               (SELECT request_id || ' ' || nonce FROM base_a.queue_token WHERE jti = ?) AS owner,
                               (SELECT status FROM base_a.queue_request WHERE request_id = ?) AS answered""")
                .params(jti, requestId, nonce, Timestamp.from(expiresAt), jti, requestId).query().singleRow();
        if ((Boolean) row.get("claimed")) {
            return Claim.NEW;
        }
        // The statement's snapshot predates a claim committed while it waited on the same key: look again.
        String owner = (String) row.get("owner");
        if (owner == null) {
            owner = ownerOf(jti).orElse(null);
        }
        if (owner == null) {
            return Claim.ID_TAKEN;
        }
        if (!owner.equals(requestId + " " + nonce)) {
            return Claim.REPLAYED;
        }
        return row.get("answered") != null ? Claim.ANSWERED : Claim.RETRY;
    }

    private Optional<String> ownerOf(String jti) {
        return jdbc.sql("SELECT request_id || ' ' || nonce FROM base_a.queue_token WHERE jti = ?").param(jti).query(String.class).optional();
    }

    /** Forgets claims whose token has expired: such a token is refused before it gets here. */
    int forgetExpired(Instant now) {
        return jdbc.sql("DELETE FROM base_a.queue_token WHERE expires_at < ?").param(Timestamp.from(now)).update();
    }
}
