package io.consumidor.query.events;

import io.consumidor.query.web.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page ended: the last event's sort values ({@code occurredAt} in epoch milliseconds, then
 * {@code eventId}, the tie-breaker that makes the order total), for Elasticsearch's {@code search_after}, and
 * the fingerprint of the query it belongs to. Opaque to callers (base64url); its layout may change with the
 * version prefix. Unlike from/size paging, a cursor neither skips nor repeats events when newer ones arrive
 * while a caller pages: those sort before the first page, not into the pages still to come.
 */
record Cursor(long occurredAtMillis, String eventId, int filters) {

    private static final String VERSION = "c1";

    String encode() {
        String plain = VERSION + "|" + filters + "|" + occurredAtMillis + "|" + eventId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 4);
            if (parts.length != 4 || !parts[0].equals(VERSION) || parts[3].isEmpty()) {
                throw new IllegalArgumentException("layout");
            }
            return new Cursor(Long.parseLong(parts[2]), parts[3], Integer.parseInt(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("next", "is not a cursor this API issued");
        }
    }
}
