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

    private static final JsonMapper MAPPER = new EventCodec().mapper();

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

    public static <T extends Record> T read(JsonNode payload, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(payload, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            Throwable cause = e.getCause() != null && !(e instanceof IllegalArgumentException) ? e.getCause() : e;
            String message = cause instanceof JacksonException j ? j.getOriginalMessage() : cause.getMessage();
            throw new MalformedEventException("payload of " + what + " is not valid: " + message, e);
        }
    }

    public static JsonNode json(Record payload) {
        return MAPPER.valueToTree(payload);
    }
}
