package io.consumidor.query.summary;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One section of a summary: {@code ok} with its data and the instant it is from, {@code none} when the store
 * answered and has nothing, {@code unavailable} when its store did not answer within the section's time limit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Section<T>(Status status, T data) {

    public enum Status { ok, none, unavailable }

    public static <T> Section<T> ok(T data) {
        return new Section<>(Status.ok, data);
    }

    public static <T> Section<T> none() {
        return new Section<>(Status.none, null);
    }

    public static <T> Section<T> unavailable() {
        return new Section<>(Status.unavailable, null);
    }
}
