package io.consumidor.core.payload;

/**
 * Payload of {@code bureau.query}: somebody looked the consumer up. {@code requestedBy} and {@code client} are
 * the token's subject and client of our own APIs (absent for partner bureaus' queries through the intake).
 */
public record BureauQuery(String bureau, String purpose, String requestedBy, String client) {

    public BureauQuery {
        java.util.Objects.requireNonNull(bureau, "bureau is required");
        java.util.Objects.requireNonNull(purpose, "purpose is required");
    }


    public static final String BUREAU = "bureau";
    public static final String PURPOSE = "purpose";
    public static final String REQUESTED_BY = "requestedBy";
    public static final String CLIENT = "client";
    /** The bureau name of lookups made through Consumidor's own APIs. */
    public static final String OWN_BUREAU = "consumidor";
}
