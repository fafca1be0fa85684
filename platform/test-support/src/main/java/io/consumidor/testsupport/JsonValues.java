package io.consumidor.testsupport;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Whether an API's JSON value is a row's Java value — a dataset row's, a Parquet reader's or DuckDB's: numbers by value
 * (money by value, not scale), instants by instant, null by null. What an online-vs-offline comparison needs.
 */
public final class JsonValues {

    private JsonValues() {
    }

    public static boolean same(JsonNode json, Object value) {
        if (value == null) {
            return json == null || json.isNull();
        }
        if (json == null || json.isNull()) {
            return false;
        }
        if (value instanceof Number && !json.isNumber()) {
            return false; // a text node's number is 0: never equal to a 0
        }
        if (value instanceof BigDecimal decimal) {
            return json.decimalValue().compareTo(decimal) == 0;
        }
        if (value instanceof Double d) {
            return json.doubleValue() == d;
        }
        if (value instanceof Number n) {
            return json.isIntegralNumber() && json.longValue() == n.longValue();
        }
        if (value instanceof Boolean b) {
            return json.isBoolean() && json.booleanValue() == b;
        }
        if (!json.isString()) {
            return false;
        }
        if (value instanceof Instant instant) {
            return Instant.parse(json.asString()).equals(instant);
        }
        if (value instanceof OffsetDateTime time) {
            return Instant.parse(json.asString()).equals(time.toInstant());
        }
        if (value instanceof java.sql.Timestamp time) {
            return Instant.parse(json.asString()).equals(time.toInstant());
        }
        return json.asString().equals(value.toString());
    }
}
