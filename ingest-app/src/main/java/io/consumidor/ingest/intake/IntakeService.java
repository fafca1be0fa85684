package io.consumidor.ingest.intake;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.ingest.consumer.ConsumerRepository;
import io.consumidor.ingest.crypto.BlindIndex;
import io.consumidor.ingest.outbox.OutboxWriter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Accepts external events: checks that the producer's token may send each one's type, validates it against its
 * contract and that Base A holds its consumer, swaps the CPF for the subject and stores the accepted ones in the
 * outbox with their producer, in one transaction before answering — an accepted event is durable.
 */
@Service
public class IntakeService {

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final SubjectPseudonymizer pseudonymizer;
    private final BlindIndex blindIndex;
    private final ConsumerRepository consumers;
    private final OutboxWriter outbox;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();

    public IntakeService(SubjectPseudonymizer pseudonymizer, BlindIndex blindIndex, ConsumerRepository consumers, OutboxWriter outbox) {
        this.pseudonymizer = pseudonymizer;
        this.blindIndex = blindIndex;
        this.consumers = consumers;
        this.outbox = outbox;
    }

    @Transactional
    public IntakeResult accept(IntakeRequest request, Producer producer) {
        List<IntakeResult.Rejection> rejected = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (int index = 0; index < request.events().size(); index++) {
            IntakeRequest.Item item = request.events().get(index);
            if (item == null) {
                rejected.add(new IntakeResult.Rejection(index, List.of("event: must not be null"), false));
                continue;
            }
            String forbidden = forbidden(item, producer);
            if (forbidden != null) {
                rejected.add(new IntakeResult.Rejection(index, List.of(forbidden), true));
                continue;
            }
            List<String> errors = new ArrayList<>();
            Cpf cpf = cpf(item.cpf(), errors);
            EventEnvelope event = toEvent(item, cpf, errors);
            if (!errors.isEmpty() || event == null) {
                rejected.add(new IntakeResult.Rejection(index, errors, false));
            } else {
                candidates.add(new Candidate(index, event, blindIndex.of(cpf)));
            }
        }
        // Events only for consumers Base A holds: nobody can fill Base B or C with made-up or erased people.
        Set<ByteBuffer> known = consumers.existing(candidates.stream().map(Candidate::cpfHmac).toList());
        List<String> accepted = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (!known.contains(ByteBuffer.wrap(candidate.cpfHmac()))) {
                rejected.add(new IntakeResult.Rejection(candidate.index(), List.of("cpf: Base A holds no consumer with this CPF"), false));
                continue;
            }
            // A re-sent event (same id) is already stored: accepted again, stored once.
            outbox.appendIfAbsent(EventContracts.contract(candidate.event().type()).feed(), candidate.event(), producer.id());
            accepted.add(candidate.event().eventId().toString());
        }
        rejected.sort(java.util.Comparator.comparingInt(IntakeResult.Rejection::index));
        return new IntakeResult(accepted.size(), accepted, rejected);
    }

    /** An item that passed its contract, waiting for the check that its consumer exists. */
    private record Candidate(int index, EventEnvelope event, byte[] cpfHmac) {
    }

    /** Why this producer may not send the item's type, or null when it may (an unknown type is the contract's to refuse). */
    private static String forbidden(IntakeRequest.Item item, Producer producer) {
        return EventType.of(String.valueOf(item.type())).flatMap(EventType::intakeScope).filter(scope -> !producer.may(scope))
                .map(scope -> "type: this token may not send " + item.type() + " (it needs the scope " + scope + ")").orElse(null);
    }

    private static Cpf cpf(String value, List<String> errors) {
        try {
            return Cpf.parse(value);
        } catch (IllegalArgumentException e) {
            errors.add("cpf: " + e.getMessage());
            return null;
        }
    }

    private EventEnvelope toEvent(IntakeRequest.Item item, Cpf cpf, List<String> errors) {
        EventContracts.Contract contract = item.type() == null ? null : EventContracts.contract(item.type());
        if (contract == null) {
            errors.add("type: must be one of " + EventContracts.types().stream().sorted().toList());
        }
        if (item.schemaVersion() == null || item.schemaVersion() != 1) {
            errors.add("schemaVersion: only version 1 is accepted");
        }
        Instant occurredAt = occurredAt(item.occurredAt(), errors);
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
