package io.consumidor.jobs.rating;

import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.scorecard.ProfileFacts;
import io.consumidor.scorecard.Scorecard;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * Profile document → its contract read model → the scorecard's inputs → the rating on the run date. A
 * document that breaks the contract, or a value no bin takes, is a {@code MalformedProfileException}: a skip.
 */
class RatingProcessor implements ItemProcessor<RatingCandidate, ScoredProfile> {

    private final Scorecard scorecard;
    private final LocalDate asOf;

    RatingProcessor(Scorecard scorecard, LocalDate asOf) {
        this.scorecard = scorecard;
        this.asOf = asOf;
    }

    @Override
    public ScoredProfile process(RatingCandidate candidate) {
        Profile profile = ProfileCodec.read(candidate.profile()).profile();
        ProfileFacts facts = ProfileFacts.from(profile, candidate.recentBureauQueries());
        Map<ProfileGroup, Long> basis = new EnumMap<>(ProfileGroup.class);
        for (ProfileGroup group : ProfileGroup.values()) {
            Fact<?> fact = profile.fact(group);
            if (fact != null) {
                basis.put(group, fact.sourceVersion());
            }
        }
        return new ScoredProfile(profile.subject(), scorecard.rate(facts, asOf), basis);
    }
}
