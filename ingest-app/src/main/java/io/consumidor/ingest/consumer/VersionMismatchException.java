package io.consumidor.ingest.consumer;

import org.springframework.http.HttpStatus;

/** Optimistic concurrency: the caller's If-Match is missing or no longer the consumer's version. */
public class VersionMismatchException extends RuntimeException {

    private final HttpStatus status;

    private VersionMismatchException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public static VersionMismatchException missing() {
        return new VersionMismatchException(HttpStatus.PRECONDITION_REQUIRED,
                "Replacing a consumer needs If-Match with the version (ETag) you read.");
    }

    public static VersionMismatchException stale() {
        return new VersionMismatchException(HttpStatus.PRECONDITION_FAILED,
                "The consumer changed since you read it; read it again and retry.");
    }

    public HttpStatus status() {
        return status;
    }
}
