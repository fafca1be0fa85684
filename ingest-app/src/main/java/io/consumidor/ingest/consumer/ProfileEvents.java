package io.consumidor.ingest.consumer;

import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.ConsumerProfile;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.DebtSummaryChanged;
import io.consumidor.core.payload.Payloads;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.subject.Subject;
import io.consumidor.ingest.consumer.ConsumerRepository.StoredDebt;
import tools.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Builds the events Base A derives from a consumer, with the contract's payload records. They carry only
 * what B and C need — birth year, region, assets, income, the debt summary, who asked — and never the CPF,
 * name, street or contract. Events of Base B are stamped with the consumer row's version.
 */
public final class ProfileEvents {

    private final Clock clock;

    public ProfileEvents(Clock clock) {
        this.clock = clock;
    }

    public EventEnvelope profile(Subject subject, PersonalFacts facts, List<StoredDebt> debts, long version, Instant occurredAt) {
        return EventEnvelope.fromBaseA(EventType.CONSUMER_PROFILE, occurredAt, version, subject,
                Payloads.json(ConsumerProfile.of(facts, debtSummary(debts))));
    }

    /** After a debt was added or settled: only the summary. */
    public EventEnvelope debtSummaryChanged(Subject subject, List<StoredDebt> debts, long version, Instant occurredAt) {
        return EventEnvelope.fromBaseA(EventType.CONSUMER_DEBT_SUMMARY, occurredAt, version, subject,
                Payloads.json(new DebtSummaryChanged(debtSummary(debts))));
    }

    /**
     * Counts and totals of open (or renegotiated) and of defaulted debts, the oldest unpaid due date and what is
     * due on it, how many of the open debts are renegotiated and how many debts were ever registered: facts, so
     * that how overdue a consumer is can be counted on whatever day a reader asks, and a reader of the summaries'
     * history can tell a new debt or a renegotiation from a settlement.
     */
    static DebtSummary debtSummary(List<StoredDebt> debts) {
        int open = 0;
        int defaulted = 0;
        int renegotiated = 0;
        BigDecimal openTotal = BigDecimal.ZERO;
        BigDecimal defaultedTotal = BigDecimal.ZERO;
        LocalDate oldestUnpaid = null;
        BigDecimal oldestUnpaidAmount = null;
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
                if ("RENEGOTIATED".equals(debt.status())) {
                    renegotiated++;
                }
            }
            if (oldestUnpaid == null || debt.dueDate().isBefore(oldestUnpaid)) {
                oldestUnpaid = debt.dueDate();
                oldestUnpaidAmount = debt.amount();
            } else if (debt.dueDate().isEqual(oldestUnpaid)) {
                oldestUnpaidAmount = oldestUnpaidAmount.add(debt.amount());
            }
        }
        return new DebtSummary(open, openTotal, defaulted, defaultedTotal, oldestUnpaid, oldestUnpaidAmount, renegotiated, debts.size());
    }

    /** The tombstone, on both feeds: its version comes from the same sequence as the consumers'. */
    public EventEnvelope erased(Subject subject, long tombstoneVersion) {
        return EventEnvelope.fromBaseA(EventType.CONSUMER_ERASED, clock.instant(), tombstoneVersion, subject,
                JsonNodeFactory.instance.objectNode());
    }

    public EventEnvelope bureauQuery(Subject subject, String requestedBy, String client, String purpose) {
        return EventEnvelope.external(EventType.BUREAU_QUERY, clock.instant(), subject,
                Payloads.json(new BureauQuery(BureauQuery.OWN_BUREAU, purpose, requestedBy, client)));
    }
}
