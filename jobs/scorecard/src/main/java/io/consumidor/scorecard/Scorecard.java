package io.consumidor.scorecard;

import io.consumidor.baseb.profile.MalformedProfileException;
import io.consumidor.scorecard.ScorecardDefinition.Band;
import io.consumidor.scorecard.ScorecardDefinition.Bin;
import io.consumidor.scorecard.ScorecardDefinition.CharacteristicDefinition;
import io.consumidor.configerrors.InvalidConfigurationException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A points scorecard, the kind a credit team can explain to a regulator and to the consumer (LGPD Art. 20):
 * each characteristic falls into one bin and earns its points; the sum is scaled linearly so that the worst
 * possible profile scores 0 and the best 1000; the score falls into a band; the reasons are the
 * characteristics that lost the most points against their best bin. {@link #rate} is a pure function.
 */
public final class Scorecard {

    private final ScorecardDefinition definition;
    private final int minTotal;
    private final int maxTotal;

    public Scorecard(ScorecardDefinition definition) {
        this.definition = definition;
        Set<Characteristic> seen = new HashSet<>();
        Set<String> codes = new HashSet<>();
        int min = 0;
        int max = 0;
        for (CharacteristicDefinition c : definition.characteristics()) {
            if (!seen.add(c.name())) {
                throw invalid(c, "appears twice");
            }
            if (!codes.add(c.code())) {
                throw invalid(c, "reason code " + c.code() + " is used twice");
            }
            checkBins(c);
            min += Math.min(c.missingPoints(), c.bins().stream().mapToInt(Bin::points).min().orElseThrow());
            max += Math.max(c.missingPoints(), best(c));
        }
        if (max <= min) {
            throw new InvalidScorecardException("model " + definition.modelVersion(), "the best profile must score more than the worst");
        }
        checkBands(definition.bands());
        this.minTotal = min;
        this.maxTotal = max;
    }

    private static void checkBins(CharacteristicDefinition c) {
        List<Bin> bins = c.bins();
        for (int i = 0; i < bins.size(); i++) {
            Bin bin = bins.get(i);
            boolean last = i == bins.size() - 1;
            if (bin.to() == null && !last) {
                throw invalid(c, "bin " + (i + 1) + " has no upper bound but is not the last");
            }
            if (bin.to() != null && bin.to().compareTo(bin.from()) <= 0) {
                throw invalid(c, "bin " + (i + 1) + " is empty: from " + bin.from() + " to " + bin.to());
            }
            if (!last && bins.get(i + 1).from().compareTo(bin.to()) != 0) {
                throw invalid(c, "bins " + (i + 1) + " and " + (i + 2) + " are not contiguous (" + bin.to() + " vs "
                        + bins.get(i + 1).from() + ")");
            }
        }
        if (bins.get(bins.size() - 1).to() != null) {
            throw invalid(c, "the last bin must be open-ended (no 'to')");
        }
    }

    private static void checkBands(List<Band> bands) {
        List<Band> sorted = bands.stream().sorted(Comparator.comparingInt(Band::from)).toList();
        int next = 0;
        for (Band band : sorted) {
            if (band.from() != next || band.to() < band.from()) {
                throw new InvalidScorecardException("bands", "band '" + band.name() + "' must start at " + next
                        + " and end at or after its start; bands must cover 0–1000 without gaps or overlaps");
            }
            next = band.to() + 1;
        }
        if (next != 1001) {
            throw new InvalidScorecardException("bands", "they end at " + (next - 1) + ", must reach 1000");
        }
    }

    private static InvalidScorecardException invalid(CharacteristicDefinition c, String problem) {
        return new InvalidScorecardException("characteristic " + c.name(), problem);
    }

    /** scorecard.yml binds but makes no sense; names the characteristic or the bands. */
    public static final class InvalidScorecardException extends InvalidConfigurationException {
        InvalidScorecardException(String entry, String problem) {
            super("scorecard.yml", entry, problem);
        }
    }

    private static int best(CharacteristicDefinition c) {
        return c.bins().stream().mapToInt(Bin::points).max().orElseThrow();
    }

    public String modelVersion() {
        return definition.modelVersion();
    }

    public ScorecardDefinition definition() {
        return definition;
    }

    /**
     * Rates the profile as of the given date.
     *
     * @throws MalformedProfileException when a value falls below every bin (a negative income, a birth year
     *                                   in the future): data to fix at the source, not to guess around
     */
    public Rating rate(ProfileFacts profile, LocalDate asOf) {
        return rate(profile, asOf, true);
    }

    /**
     * {@link #rate} without the inputs fingerprint ({@link Rating#inputsFingerprint()} null): the same score, band
     * and reasons for a caller that stores no rating — a training set's {@code score_at_t}, where a SHA-256 per row
     * is a tenth of the work of building the row.
     *
     * @throws MalformedProfileException as {@link #rate} does
     */
    public Rating score(ProfileFacts profile, LocalDate asOf) {
        return rate(profile, asOf, false);
    }

    private Rating rate(ProfileFacts profile, LocalDate asOf, boolean fingerprinted) {
        int total = 0;
        List<Rating.Reason> costs = new ArrayList<>();
        StringBuilder inputs = fingerprinted ? new StringBuilder(definition.modelVersion()) : null;
        for (CharacteristicDefinition c : definition.characteristics()) {
            BigDecimal value = c.name().valueOf(profile, asOf);
            int points = value == null ? c.missingPoints() : pointsOf(c, value);
            total += points;
            int lost = best(c) - points;
            if (lost > 0) {
                costs.add(new Rating.Reason(c.code(), c.name().name(), c.reason(), lost, value == null));
            }
            if (fingerprinted) {
                inputs.append('|').append(c.name()).append('=').append(value == null ? "?" : value.stripTrailingZeros().toPlainString());
            }
        }
        int score = BigDecimal.valueOf(1000L * (total - minTotal))
                .divide(BigDecimal.valueOf(maxTotal - minTotal), 0, RoundingMode.HALF_UP).intValueExact();
        // Stable: equal losses keep the scorecard's characteristic order.
        List<Rating.Reason> reasons = costs.stream()
                .sorted(Comparator.comparingInt(Rating.Reason::pointsLost).reversed())
                .limit(definition.maxReasons()).toList();
        return new Rating(score, bandOf(score), reasons, definition.modelVersion(), fingerprinted ? fingerprint(inputs.toString()) : null);
    }

    /** Points the characteristic earns for a value (null = unknown); for explanations and tests. */
    public int points(Characteristic characteristic, BigDecimal value) {
        CharacteristicDefinition c = definition.characteristics().stream().filter(d -> d.name() == characteristic)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(characteristic + " is not on this scorecard"));
        return value == null ? c.missingPoints() : pointsOf(c, value);
    }

    private static int pointsOf(CharacteristicDefinition c, BigDecimal value) {
        for (Bin bin : c.bins()) {
            if (bin.contains(value)) {
                return bin.points();
            }
        }
        throw new MalformedProfileException(c.name() + " value " + value.stripTrailingZeros().toPlainString() + " is below the first bin ("
                + c.bins().get(0).from().toPlainString() + ")");
    }

    private String bandOf(int score) {
        return definition.bands().stream().filter(b -> score >= b.from() && score <= b.to()).findFirst()
                .orElseThrow().name();
    }

    private static String fingerprint(String inputs) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inputs.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
