package io.consumidor.jobs.mlexport.consistency;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dataset-day's consistency report: how the logged online answers compare, feature by feature, with the offline
 * path recomputed as of each lookup's instant. Written as {@code _consistency.json} next to the day's logs.
 *
 * @param lookups          logged lookups read (committed batches only)
 * @param compared         of them, recomputed and compared
 * @param notFound         logged lookups whose consumer Base B no longer holds (erased since) or never held as of
 *                         the lookup: not compared
 * @param otherDefinition  logged under another definition of the dataset (a change since): not compared
 * @param matchRate        matches over the compared values that are neither unavailable nor an accepted class: 1.0 is
 *                         no skew at all (null: nothing compared)
 * @param skew             mismatches + missing + extra: the values the design does not explain
 * @param accepted         differences of an accepted class, by class ({@code indexing-lag})
 * @param populationSkew   lookups whose population verdict (inside, or why not) differs offline
 * @param lateEvents       events that happened by their lookup but reached Base C after it ({@code events}), and the
 *                         compared lookups they concern ({@code lookups}): unknown at T to both paths, so no skew —
 *                         but a view by occurrence alone, built later, would count them
 * @param features         per feature: its counts by outcome
 * @param examples         the first differences, each with both values
 */
record ConsistencyReport(String dataset, LocalDate date, Instant generatedAt, String definitionHash, int batches, long lookups,
                         long compared, long notFound, long otherDefinition, Double matchRate, long skew, Map<String, Long> accepted,
                         long populationSkew, Map<String, Long> lateEvents, Map<String, Map<String, Long>> features, List<Example> examples) {

    record Example(String pseudonym, Instant lookedUpAt, String feature, Object online, Object offline, String outcome) {
    }

    /** Counts as the check goes. */
    static final class Tally {

        private final String dataset;
        private final LocalDate date;
        private final String definitionHash;
        private final int maxExamples;
        private final Map<String, Map<String, Long>> features = new LinkedHashMap<>();
        private final Map<String, Long> accepted = new LinkedHashMap<>();
        private final List<Example> examples = new ArrayList<>();
        private int batches;
        private long lookups;
        private long compared;
        private long notFound;
        private long otherDefinition;
        private long populationSkew;
        private long matches;
        private long skew;
        private long lateLookups;
        private long lateEvents;

        Tally(String dataset, LocalDate date, String definitionHash, List<String> columns, int maxExamples) {
            this.dataset = dataset;
            this.date = date;
            this.definitionHash = definitionHash;
            this.maxExamples = maxExamples;
            for (String column : columns) {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (FeatureComparison.Outcome outcome : FeatureComparison.Outcome.values()) {
                    counts.put(outcome.wireName(), 0L);
                }
                features.put(column, counts);
            }
        }

        void batch() {
            batches++;
        }

        void lookup() {
            lookups++;
        }

        void notFound() {
            notFound++;
        }

        void otherDefinition() {
            otherDefinition++;
        }

        void compared(boolean samePopulation) {
            compared++;
            if (!samePopulation) {
                populationSkew++;
            }
        }

        void lateEvents(long events) {
            if (events > 0) {
                lateLookups++;
                lateEvents += events;
            }
        }

        void value(String pseudonym, Instant at, String column, FeatureComparison.Outcome outcome, Object online, Object offline) {
            features.get(column).merge(outcome.wireName(), 1L, Long::sum);
            if (outcome == FeatureComparison.Outcome.MATCH) {
                matches++;
                return;
            }
            if (outcome == FeatureComparison.Outcome.UNAVAILABLE) {
                return;
            }
            if (outcome.skew()) {
                skew++;
            } else {
                accepted.merge(outcome.wireName(), 1L, Long::sum);
            }
            if (examples.size() < maxExamples) {
                examples.add(new Example(pseudonym, at, column, String.valueOf(online), String.valueOf(offline), outcome.wireName()));
            }
        }

        ConsistencyReport report(Instant now) {
            long judged = matches + skew;
            return new ConsistencyReport(dataset, date, now, definitionHash, batches, lookups, compared, notFound, otherDefinition,
                    judged == 0 ? null : (double) matches / judged, skew, accepted, populationSkew,
                    Map.of("lookups", lateLookups, "events", lateEvents), features, examples);
        }
    }
}
