package io.consumidor.ingest.consumer;

import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.subject.Subject;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Builds the events Base A derives from a consumer. Their payloads carry only what B and C need — birth
 * year, region, assets, income, the debt summary, who asked — and never the CPF, name, street or contract.
 */
final class ProfileEvents {

    private final EventCodec codec;
    private final Clock clock;

    ProfileEvents(EventCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
    }

    EventEnvelope profile(Subject subject, ConsumerRequest request, long version) {
        ObjectNode payload = codec.mapper().createObjectNode();
        payload.put("birthYear", request.birthDate().getYear());
        payload.put("region", request.address().state());
        payload.put("sourceVersion", version);
        ArrayNode assets = payload.putArray("assets");
        request.assets().forEach(a -> assets.addObject().put("kind", a.kind().name()).put("value", a.value()).put("paidOff", a.paidOff()));
        ArrayNode income = payload.putArray("incomeSources");
        request.incomeSources().forEach(i -> income.addObject().put("kind", i.kind().name())
                .put("monthlyAmount", i.monthlyAmount()).put("since", i.since().toString()));
        payload.set("debtSummary", debtSummary(request));
        return EventEnvelope.of("consumer.profile", 1, clock.instant(), subject, payload);
    }

    private ObjectNode debtSummary(ConsumerRequest request) {
        LocalDate today = LocalDate.now(clock);
        int open = 0;
        int defaulted = 0;
        BigDecimal openTotal = BigDecimal.ZERO;
        BigDecimal defaultedTotal = BigDecimal.ZERO;
        long maxDaysOverdue = 0;
        for (ConsumerRequest.Debt debt : request.debts()) {
            if (debt.status() == ConsumerRequest.DebtStatus.DEFAULTED) {
                defaulted++;
                defaultedTotal = defaultedTotal.add(debt.amount());
            } else {
                open++;
                openTotal = openTotal.add(debt.amount());
            }
            if (debt.dueDate().isBefore(today)) {
                maxDaysOverdue = Math.max(maxDaysOverdue, ChronoUnit.DAYS.between(debt.dueDate(), today));
            }
        }
        return codec.mapper().createObjectNode()
                .put("openCount", open).put("openTotal", openTotal)
                .put("defaultedCount", defaulted).put("defaultedTotal", defaultedTotal)
                .put("maxDaysOverdue", maxDaysOverdue);
    }

    EventEnvelope erased(Subject subject) {
        return EventEnvelope.of("consumer.erased", 1, clock.instant(), subject, codec.mapper().createObjectNode());
    }

    EventEnvelope bureauQuery(Subject subject, String requestedBy, String client, String purpose) {
        ObjectNode payload = codec.mapper().createObjectNode()
                .put("bureau", "consumidor").put("requestedBy", requestedBy).put("purpose", purpose);
        payload.put("client", client);
        return EventEnvelope.of("bureau.query", 1, clock.instant(), subject, payload);
    }
}
