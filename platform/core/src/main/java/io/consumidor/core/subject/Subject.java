package io.consumidor.core.subject;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * The pseudonymous key of a consumer outside Base A: {@code <keyId>_<64 hex digits>}, the HMAC-SHA-256 of
 * the CPF under the key named by {@code keyId}. Bases B and C, queues and exports know consumers only by it.
 */
public record Subject(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9-]{1,16}_[0-9a-f]{64}");

    public Subject {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a subject: expected <keyId>_<64 hex digits>");
        }
    }

    public String keyId() {
        return value.substring(0, value.indexOf('_'));
    }

    @Override
    public String toString() {
        return value;
    }
}
