package io.consumidor.ingest.intake;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** A batch of events from an external producer; each item is checked on its own. */
public record IntakeRequest(@NotNull @Size(min = 1, max = 500) List<Item> events) {

    /** One event as producers send it, keyed by CPF (which never leaves Base A); a producer-chosen UUID
     *  {@code eventId} makes a re-sent batch idempotent. */
    public record Item(String eventId, String type, Integer schemaVersion, String occurredAt, String cpf, JsonNode payload) {
    }
}
