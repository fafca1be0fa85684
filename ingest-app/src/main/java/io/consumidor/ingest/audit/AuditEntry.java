package io.consumidor.ingest.audit;

/** One audited request; {@link #outcome()} classes the status for quick reading. */
public record AuditEntry(String requestId, String principal, String clientId, String clientAddress, String method,
                         String route, int status, int latencyMs) {

    public String outcome() {
        return switch (status) {
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            default -> status >= 500 ? "error" : status >= 400 ? "rejected" : "ok";
        };
    }
}
