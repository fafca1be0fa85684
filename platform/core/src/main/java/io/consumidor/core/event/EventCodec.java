package io.consumidor.core.event;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes {@link EventEnvelope}s as JSON; instants and dates as ISO-8601 strings. Thread-safe. */
public final class EventCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Money keeps its scale: 100.50 stays 100.50, not the double 100.5.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public String write(EventEnvelope envelope) {
        return mapper.writeValueAsString(envelope);
    }

    /** @throws MalformedEventException naming what is wrong (bad JSON, a missing or invalid field) */
    public EventEnvelope read(String json) {
        try {
            return mapper.readValue(json, EventEnvelope.class);
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof NullPointerException
                    ? e.getCause() : e;
            throw new MalformedEventException("not a valid event envelope: " + reason(cause), e);
        }
    }

    private static String reason(Throwable cause) {
        String message = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    public JsonMapper mapper() {
        return mapper;
    }
}
