package io.consumidor.core.wire;

import java.util.regex.Pattern;

/**
 * A prefix for the shared names of one deployment — queues, Elasticsearch indices and index templates —
 * so that several pipelines can share servers without sharing data. Empty in production and for
 * {@code ./pipeline up}; {@code test} for the test suite and benchmarks, so they never write where a
 * developer's pipeline reads. Set with {@code consumidor.namespace} ({@code CONSUMIDOR_NAMESPACE}).
 */
public record Namespace(String value) {

    private static final Pattern VALID = Pattern.compile("|[a-z][a-z0-9]{0,15}");
    public static final Namespace NONE = new Namespace("");

    public Namespace {
        value = value == null ? "" : value.strip();
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("namespace must be empty or up to 16 lower-case letters and digits, starting with a letter");
        }
    }

    public static Namespace of(String value) {
        return new Namespace(value);
    }

    /** {@code name} inside this namespace: unchanged for none, {@code <namespace>-<name>} otherwise. */
    public String apply(String name) {
        return value.isEmpty() ? name : value + "-" + name;
    }

    public boolean isNone() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(none)" : value;
    }
}
