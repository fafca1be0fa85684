package io.consumidor.jobs.mlexport.consistency;

import io.consumidor.jobs.mlexport.consistency.FeatureComparison.Outcome;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Every class of {@link FeatureComparison}, by hand. */
class FeatureComparisonTest {

    @Test
    void equalValuesMatchWhateverTheirScaleOrBoxing() {
        assertThat(FeatureComparison.compare(null, null, null, false, false)).isEqualTo(Outcome.MATCH);
        assertThat(FeatureComparison.compare(new BigDecimal("12.50"), new BigDecimal("12.5"), null, false, false)).isEqualTo(Outcome.MATCH);
        assertThat(FeatureComparison.compare(3, 3L, null, true, false)).isEqualTo(Outcome.MATCH);
        assertThat(FeatureComparison.compare(Instant.EPOCH, Instant.EPOCH, null, false, false)).isEqualTo(Outcome.MATCH);
        assertThat(FeatureComparison.compare(true, true, null, false, false)).isEqualTo(Outcome.MATCH);
    }

    @Test
    void differencesAreMismatchMissingOrExtra() {
        assertThat(FeatureComparison.compare(3, 4, 4, false, false)).isEqualTo(Outcome.MISMATCH);
        assertThat(FeatureComparison.compare(null, 4, 4, false, false)).as("offline has it, online not").isEqualTo(Outcome.MISSING);
        assertThat(FeatureComparison.compare(3, null, null, false, false)).as("online has it, offline not").isEqualTo(Outcome.EXTRA);
        assertThat(FeatureComparison.compare(0.5, 0.25, 0.25, false, false)).isEqualTo(Outcome.MISMATCH);
        assertThat(FeatureComparison.compare("A", "B", "B", false, false)).isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void aBaseCValueEqualToTheOfflineOneWithoutTheLastIndexedEventsIsIndexingLagNotSkew() {
        assertThat(FeatureComparison.compare(2L, 3L, 2L, true, false)).isEqualTo(Outcome.INDEXING_LAG);
        assertThat(FeatureComparison.compare(2L, 3L, 2L, false, false)).as("a Base B column has no such class").isEqualTo(Outcome.MISMATCH);
        assertThat(FeatureComparison.compare(1L, 3L, 2L, true, false)).as("not explained by the lag either").isEqualTo(Outcome.MISMATCH);
        assertThat(Outcome.INDEXING_LAG.skew()).isFalse();
        assertThat(Outcome.MISMATCH.skew()).isTrue();
        assertThat(Outcome.MISSING.skew()).isTrue();
        assertThat(Outcome.EXTRA.skew()).isTrue();
    }

    @Test
    void aColumnTheOnlineAnswerMarkedUnavailableIsNotCompared() {
        assertThat(FeatureComparison.compare(null, 7L, 7L, true, true)).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(Outcome.UNAVAILABLE.skew()).isFalse();
    }
}
