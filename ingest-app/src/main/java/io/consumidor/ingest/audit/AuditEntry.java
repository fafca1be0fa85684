package io.consumidor.ingest.audit;

/**
 * One audited request; {@link #outcome()} classes the status for quick reading.
 *
 * @param channel the door it came through: {@link #HTTP} (the REST API) or {@link #SQS} (the queue worker)
 */
public record AuditEntry(String channel, String requestId, String principal, String clientId, String clientAddress, String method,
                         String route, int status, int latencyMs) {

    public static final String HTTP = "http";
    public static final String SQS = "sqs";

    public String outcome() {
        return switch (status) {
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            default -> status >= 500 ? "error" : status >= 400 ? "rejected" : "ok";
        };
    }
}
