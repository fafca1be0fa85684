package io.consumidor.core.event;

import io.consumidor.core.subject.Subject;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final Subject SUBJECT = new Subject("k1_" + "ab".repeat(32));
    private final EventCodec codec = new EventCodec();

    @Test
    void roundTripsAnEnvelopeWithIsoInstantAndSubjectAsString() {
        ObjectNode payload = codec.mapper().createObjectNode().put("merchantCategory", "5411").put("amount", new java.math.BigDecimal("42.5"));
        EventEnvelope event = new EventEnvelope(UUID.fromString("7b0c1d52-2a52-4d6e-9a43-8f5f0d6c1e01"), "card.purchase", 1,
                Instant.parse("2026-11-01T12:30:00Z"), 1_793_536_200_000_000L, SUBJECT, payload);

        String json = codec.write(event);

        assertThat(json).contains("\"eventId\":\"7b0c1d52-2a52-4d6e-9a43-8f5f0d6c1e01\"",
                "\"occurredAt\":\"2026-11-01T12:30:00Z\"", "\"subject\":\"" + SUBJECT.value() + "\"", "\"schemaVersion\":1",
                "\"sourceVersion\":1793536200000000");
        assertThat(codec.read(json)).isEqualTo(event);
    }

    @Test
    void ignoresUnknownEnvelopeFieldsForForwardCompatibility() {
        String json = """
                {"eventId":"7b0c1d52-2a52-4d6e-9a43-8f5f0d6c1e01","type":"bureau.query","schemaVersion":1,
                 "occurredAt":"2026-11-01T12:30:00Z","sourceVersion":1,"subject":"%s","payload":{},"traceparent":"00-abc"}
                """.formatted(SUBJECT.value());

        assertThat(codec.read(json).type()).isEqualTo("bureau.query");
    }

    @Test
    void rejectsMalformedJson() {
        assertThatThrownBy(() -> codec.read("{not json")).isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("not a valid event envelope");
    }

    @Test
    void rejectsEnvelopeWithoutEventId() {
        String json = """
                {"type":"bureau.query","schemaVersion":1,"occurredAt":"2026-11-01T12:30:00Z","sourceVersion":1,"subject":"%s","payload":{}}
                """.formatted(SUBJECT.value());

        assertThatThrownBy(() -> codec.read(json)).isInstanceOf(MalformedEventException.class).hasMessageContaining("eventId");
    }

    @Test
    void rejectsSubjectThatIsNotAPseudonym() {
        String json = """
                {"eventId":"7b0c1d52-2a52-4d6e-9a43-8f5f0d6c1e01","type":"bureau.query","schemaVersion":1,
                 "occurredAt":"2026-11-01T12:30:00Z","sourceVersion":1,"subject":"52998224725","payload":{}}
                """;

        assertThatThrownBy(() -> codec.read(json)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not a subject").message().doesNotContain("52998224725");
    }

    @Test
    void rejectsPayloadThatIsNotAnObject() {
        String json = """
                {"eventId":"7b0c1d52-2a52-4d6e-9a43-8f5f0d6c1e01","type":"bureau.query","schemaVersion":1,
                 "occurredAt":"2026-11-01T12:30:00Z","sourceVersion":1,"subject":"%s","payload":[1,2]}
                """.formatted(SUBJECT.value());

        assertThatThrownBy(() -> codec.read(json)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("payload must be a JSON object");
    }

    @Test
    void rejectsZeroSchemaVersionAndBadType() {
        assertThatThrownBy(() -> EventEnvelope.external(UUID.randomUUID(), "Card Purchase", 1, Instant.now(), SUBJECT,
                codec.mapper().createObjectNode())).hasMessageContaining("type must be dotted");
        assertThatThrownBy(() -> EventEnvelope.external(UUID.randomUUID(), "card.purchase", 0, Instant.now(), SUBJECT,
                codec.mapper().createObjectNode())).hasMessageContaining("schemaVersion");
    }

    @Test
    void rejectsEnvelopeWithoutTheOrderingStamp() {
        String json = """
                {"eventId":"7b0c1d52-2a52-4d6e-9a43-8f5f0d6c1e01","type":"bureau.query","schemaVersion":1,
                 "occurredAt":"2026-11-01T12:30:00Z","subject":"%s","payload":{}}
                """.formatted(SUBJECT.value());

        assertThatThrownBy(() -> codec.read(json)).isInstanceOf(MalformedEventException.class).hasMessageContaining("sourceVersion");
    }

    /** Found by the router's {@code HostileQueueIT}: a number was taken as an instant of 1970 and the event indexed. */
    @Test
    void rejectsAnOccurredAtThatIsNotAnIsoString() {
        String json = """
                {"eventId":"7b0c1d52-2a52-4d6e-9a43-8f5f0d6c1e01","type":"bureau.query","schemaVersion":1,
                 "occurredAt":12345,"sourceVersion":1,"subject":"%s","payload":{}}
                """.formatted(SUBJECT.value());

        assertThatThrownBy(() -> codec.read(json)).isInstanceOf(MalformedEventException.class).hasMessageContaining("Instant");
    }

    @Test
    void externalEventsAreOrderedByTheirProducersOccurredAtInMicroseconds() {
        Instant at = Instant.parse("2026-11-01T12:30:00.123456Z");

        EventEnvelope event = EventEnvelope.external(EventType.CARD_PURCHASE, at, SUBJECT, codec.mapper().createObjectNode());

        assertThat(event.sourceVersion()).isEqualTo(1_793_536_200_123_456L);
        assertThat(event.type()).isEqualTo("card.purchase");
    }

    @Test
    void baseAEventsCarryTheRowVersion() {
        EventEnvelope event = EventEnvelope.fromBaseA(EventType.CONSUMER_PROFILE, Instant.now(), 42, SUBJECT,
                codec.mapper().createObjectNode());

        assertThat(event.sourceVersion()).isEqualTo(42);
        assertThat(event.knownType()).contains(EventType.CONSUMER_PROFILE);
    }
}
