package io.consumidor.ingest.web;

import io.consumidor.core.payload.FieldPath;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What is wrong with a body Jackson could not bind, as {@code {field, message}}: the field's path
 * ({@code debts[0].status}) and what it must be — the allowed values of an enum, the fields an object knows,
 * the type expected — never the value that was sent.
 */
final class BodyErrors {

    private BodyErrors() {
    }

    static Map<String, String> describe(HttpMessageNotReadableException e) {
        if (!(e.getCause() instanceof JacksonException jackson)) {
            return Map.of("field", "(body)", "message", "the body is missing or not readable as JSON");
        }
        String field = path(jackson);
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream().map(String::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new)).toString();
            return Map.of("field", field, "message", "is not a field of this request; known fields here: " + known);
        }
        if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            if (type.isEnum()) {
                String allowed = Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
                return Map.of("field", field, "message", "must be one of " + allowed);
            }
            return Map.of("field", field.isEmpty() ? "(body)" : field, "message", "must be " + describe(type)
                    + (jackson instanceof InvalidFormatException ? "" : " (wrong JSON type)"));
        }
        return Map.of("field", field.isEmpty() ? "(body)" : field, "message", field.isEmpty()
                ? "the body is not valid JSON for this operation" : "has a value of the wrong type");
    }

    private static String describe(Class<?> type) {
        if (type == java.time.LocalDate.class) {
            return "a date (yyyy-MM-dd)";
        }
        if (type == java.math.BigDecimal.class || Number.class.isAssignableFrom(type) || type == int.class || type == long.class
                || type == double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    static String path(JacksonException e) {
        return FieldPath.of(e);
    }
}
