package io.consumidor.batch.rating;

import io.consumidor.batch.scorecard.Scorecard;
import org.bson.Document;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.time.LocalDate;

/** Profile document → rating on the run date. Throws {@code MalformedProfileException} (a skip) for bad data. */
class RatingProcessor implements ItemProcessor<Document, ScoredProfile> {

    private final Scorecard scorecard;
    private final LocalDate asOf;

    RatingProcessor(Scorecard scorecard, LocalDate asOf) {
        this.scorecard = scorecard;
        this.asOf = asOf;
    }

    @Override
    public ScoredProfile process(Document profile) {
        var facts = ProfileMapper.facts(profile);
        return new ScoredProfile(facts.subject(), scorecard.rate(facts, asOf));
    }
}
