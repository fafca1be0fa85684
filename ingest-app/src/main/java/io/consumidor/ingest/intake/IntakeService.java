package io.consumidor.ingest.intake;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.ingest.outbox.OutboxWriter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Accepts external events: validates each against its contract, swaps the CPF for the subject and stores
 * the accepted ones in the outbox in one transaction before answering — an accepted event is durable.
 */
@Service
public class IntakeService {

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final SubjectPseudonymizer pseudonymizer;
    private final OutboxWriter outbox;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();

    public IntakeService(SubjectPseudonymizer pseudonymizer, OutboxWriter outbox) {
        this.pseudonymizer = pseudonymizer;
        this.outbox = outbox;
    }

    @Transactional
    public IntakeResult accept(IntakeRequest request) {
        List<String> accepted = new ArrayList<>();
        List<IntakeResult.Rejection> rejected = new ArrayList<>();
        for (int index = 0; index < request.events().size(); index++) {
            IntakeRequest.Item item = request.events().get(index);
            List<String> errors = new ArrayList<>();
            EventEnvelope event = item == null ? null : toEvent(item, errors);
            if (item == null) {
                errors.add("event: must not be null");
            }
            if (!errors.isEmpty() || event == null) {
                rejected.add(new IntakeResult.Rejection(index, errors));
                continue;
            }
            // A re-sent event (same id) is already stored: accepted again, stored once.
            outbox.appendIfAbsent(EventContracts.contract(event.type()).feed(), event);
            accepted.add(event.eventId().toString());
        }
        return new IntakeResult(accepted.size(), accepted, rejected);
    }

    private EventEnvelope toEvent(IntakeRequest.Item item, List<String> errors) {
        EventContracts.Contract contract = item.type() == null ? null : EventContracts.contract(item.type());
        if (contract == null) {
            errors.add("type: must be one of " + EventContracts.types().stream().sorted().toList());
        }
        if (item.schemaVersion() == null || item.schemaVersion() != 1) {
            errors.add("schemaVersion: only version 1 is accepted");
        }
        Instant occurredAt = occurredAt(item.occurredAt(), errors);
        Cpf cpf = null;
        try {
            cpf = Cpf.parse(item.cpf());
        } catch (IllegalArgumentException e) {
            errors.add("cpf: " + e.getMessage());
        }
        UUID eventId = eventId(item.eventId(), errors);
        ObjectNode payload = contract == null ? null : EventContracts.clean(contract, item.payload(), json, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        return EventEnvelope.external(eventId, item.type(), 1, occurredAt, pseudonymizer.subjectOf(cpf), payload);
    }

    private Instant occurredAt(String value, List<String> errors) {
        try {
            Instant instant = Instant.parse(String.valueOf(value));
            if (instant.isAfter(clock.instant().plus(CLOCK_SKEW))) {
                errors.add("occurredAt: must not be in the future");
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add("occurredAt: must be an ISO-8601 instant such as 2026-11-01T12:00:00Z");
            return null;
        }
    }

    private static UUID eventId(String value, List<String> errors) {
        if (value == null) {
            return UUID.randomUUID();
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            errors.add("eventId: must be a UUID");
            return null;
        }
    }
}
