package io.consumidor.baseb.profile;

import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.payload.ReportedFacts;

/**
 * What Base B knows about one subject — now (from {@code profiles}) or as of an instant (from the history):
 * each group's fact, or null when none is known.
 */
public record Profile(String subject, Fact<PersonalFacts> personal, Fact<DebtSummary> debts, Fact<ReportedFacts> reported) {

    public boolean isEmpty() {
        return personal == null && debts == null && reported == null;
    }

    public Fact<?> fact(ProfileGroup group) {
        return switch (group) {
            case PERSONAL -> personal;
            case DEBT_SUMMARY -> debts;
            case REPORTED_FACTS -> reported;
        };
    }
}
