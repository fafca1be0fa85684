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
import java.util.List;

import io.consumidor.ingest.consumer.ConsumerRepository.StoredDebt;

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

    EventEnvelope profile(Subject subject, ConsumerRequest request, List<StoredDebt> debts, long version) {
        ObjectNode payload = codec.mapper().createObjectNode();
        payload.put("birthYear", request.birthDate().getYear());
        payload.put("region", request.address().state());
        payload.put("sourceVersion", version);
        ArrayNode assets = payload.putArray("assets");
        request.assets().forEach(a -> assets.addObject().put("kind", a.kind().name()).put("value", a.value()).put("paidOff", a.paidOff()));
        ArrayNode income = payload.putArray("incomeSources");
        request.incomeSources().forEach(i -> income.addObject().put("kind", i.kind().name())
                .put("monthlyAmount", i.monthlyAmount()).put("since", i.since().toString()));
        payload.set("debtSummary", debtSummary(debts));
        return EventEnvelope.of("consumer.profile", 1, clock.instant(), subject, payload);
    }

    /** After a debt was added or settled: only the summary the rating needs. */
    EventEnvelope debtSummaryChanged(Subject subject, List<StoredDebt> debts, long version) {
        ObjectNode payload = codec.mapper().createObjectNode().put("sourceVersion", version);
        payload.set("debtSummary", debtSummary(debts));
        return EventEnvelope.of("consumer.debt_summary", 1, clock.instant(), subject, payload);
    }

    /** Counts and totals of open (including renegotiated) and defaulted debts, and the worst days overdue. */
    private ObjectNode debtSummary(List<StoredDebt> debts) {
        LocalDate today = LocalDate.now(clock);
        int open = 0;
        int defaulted = 0;
        BigDecimal openTotal = BigDecimal.ZERO;
        BigDecimal defaultedTotal = BigDecimal.ZERO;
        long maxDaysOverdue = 0;
        for (StoredDebt debt : debts) {
            if ("SETTLED".equals(debt.status())) {
                continue;
            }
            if ("DEFAULTED".equals(debt.status())) {
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
