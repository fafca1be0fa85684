package io.consumidor.core.payload;

import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.event.MalformedEventException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * The typed payload of each event type, and its JSON. One table, so a producer and a consumer of a type
 * cannot disagree on its shape: ingest-app writes these records, the router and the readers read them.
 */
public final class Payloads {

    private static final Map<EventType, Class<? extends Record>> TYPES = Map.of(
            EventType.CONSUMER_PROFILE, ConsumerProfile.class,
            EventType.CONSUMER_DEBT_SUMMARY, DebtSummaryChanged.class,
            EventType.CONSUMER_FACTS, ReportedFacts.class,
            EventType.BUREAU_QUERY, BureauQuery.class,
            EventType.CARD_PURCHASE, CardPurchase.class,
            EventType.FINANCIAL_MOVEMENT, FinancialMovement.class);

    /**
     * The codec's mapper, but a field left out is null rather than an error: optional fields (a merchant's
     * name, any reported fact) may be absent; the records' constructors refuse a missing required one.
     */
    private static final JsonMapper MAPPER = new EventCodec().mapper().rebuild()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES).build();

    private Payloads() {
    }

    /** The record type of a type's payload; {@code consumer.erased} has none (an empty object). */
    public static Class<? extends Record> typeOf(EventType type) {
        return TYPES.get(type);
    }

    /** The envelope's payload as the given record. @throws MalformedEventException naming what is wrong */
    public static <T extends Record> T read(EventEnvelope event, Class<T> type) {
        return read(event.payload(), type, event.type());
    }

    /** @throws MalformedEventException naming the field at fault and what it must be, never its value */
    public static <T extends Record> T read(JsonNode payload, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(payload, type);
        } catch (JacksonException e) {
            throw new MalformedEventException("payload of " + what + " is not valid: " + reason(e), e);
        }
    }

    private static String reason(JacksonException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof NullPointerException || cause instanceof IllegalArgumentException) {
                return cause.getMessage(); // the record's own check: "amount is required"
            }
        }
        String path = FieldPath.of(e);
        String type = e instanceof tools.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? mismatch.getTargetType().isEnum() ? "one of " + java.util.Arrays.toString(mismatch.getTargetType().getEnumConstants())
                : "a " + mismatch.getTargetType().getSimpleName() : "of another type";
        return (path.isEmpty() ? "the payload" : path) + " must be " + type;
    }

    public static JsonNode json(Record payload) {
        return MAPPER.valueToTree(payload);
    }
}
