package io.consumidor.core.payload;

import tools.jackson.core.JacksonException;

/** The field a Jackson error is about, as a reader writes it: {@code debts[0].amount}. No value, only the path. */
public final class FieldPath {

    private FieldPath() {
    }

    public static String of(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
