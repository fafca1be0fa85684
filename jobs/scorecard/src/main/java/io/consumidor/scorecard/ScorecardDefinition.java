package io.consumidor.scorecard;

import io.consumidor.configerrors.ConfigFile;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.math.BigDecimal;
import java.util.List;

/**
 * The scorecard as written in {@code scorecard.yml} ({@code consumidor.scorecard}): field checks here,
 * cross-field checks (contiguous bins, bands covering 0–1000) in {@link Scorecard}'s constructor, both at
 * start-up with a message naming the characteristic or band at fault.
 *
 * @param modelVersion    stored with every rating; change it whenever points or bins change
 * @param characteristics in display order; ties between reason codes are broken by this order
 * @param bands           score ranges and their names, covering 0–1000 without gaps
 * @param maxReasons      reason codes reported per rating
 */
@Validated
@ConfigurationProperties("consumidor.scorecard")
@ConfigFile("scorecard.yml")
public record ScorecardDefinition(
        @NotBlank String modelVersion,
        @NotEmpty List<@Valid CharacteristicDefinition> characteristics,
        @NotEmpty List<@Valid Band> bands,
        @Min(0) @Max(10) int maxReasons) {

    /**
     * @param name          which {@link Characteristic} (e.g. {@code AGE})
     * @param code          stable reason code, e.g. {@code R09}
     * @param reason        the sentence shown to the consumer when this characteristic costs points
     * @param missingPoints points when the profile does not tell the value
     * @param bins          {@code [from, to)} ranges in ascending order; the last one open-ended ({@code to} absent)
     */
    public record CharacteristicDefinition(
            @NotNull Characteristic name,
            @NotBlank @Pattern(regexp = "R[0-9]{2}") String code,
            @NotBlank String reason,
            @NotNull Integer missingPoints,
            @NotEmpty List<@Valid Bin> bins) {
    }

    /** Values {@code v} with {@code from <= v < to} score {@code points}; a null {@code to} is unbounded. */
    public record Bin(@NotNull BigDecimal from, BigDecimal to, @NotNull Integer points) {

        boolean contains(BigDecimal value) {
            return value.compareTo(from) >= 0 && (to == null || value.compareTo(to) < 0);
        }
    }

    /** Scores {@code from..to}, both inclusive. */
    public record Band(@NotBlank String name, @Min(0) @Max(1000) int from, @Min(0) @Max(1000) int to) {
    }
}
