package io.consumidor.core.event;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link EventEnvelope}s as JSON; instants and dates as ISO-8601 strings — and only as
 * strings: Jackson would take {@code "occurredAt": 12345} as an instant of 1970, and a producer's bug would
 * pass as an event from the epoch. Thread-safe.
 */
public final class EventCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .addModule(new tools.jackson.databind.module.SimpleModule("iso-strings-only")
                    .addDeserializer(java.time.Instant.class, new IsoString<>(java.time.Instant.class, java.time.Instant::parse))
                    .addDeserializer(java.time.LocalDate.class, new IsoString<>(java.time.LocalDate.class, java.time.LocalDate::parse)))
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

    /** A java.time value from its ISO-8601 string only; anything else is a mismatch naming the field. */
    private static final class IsoString<T> extends tools.jackson.databind.deser.std.StdDeserializer<T> {

        private final java.util.function.Function<String, T> parse;

        IsoString(Class<T> type, java.util.function.Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        public T deserialize(tools.jackson.core.JsonParser parser, tools.jackson.databind.DeserializationContext context) {
            if (parser.currentToken() != tools.jackson.core.JsonToken.VALUE_STRING) {
                return (T) context.handleUnexpectedToken(handledType(), parser);
            }
            try {
                return parse.apply(parser.getString());
            } catch (java.time.format.DateTimeParseException e) {
                return (T) context.handleWeirdStringValue(handledType(), parser.getString(), "not an ISO-8601 %s",
                        handledType().getSimpleName());
            }
        }
    }
}
