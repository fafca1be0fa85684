package io.consumidor.batch.rating;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The rating recompute job ({@code consumidor.batch.rating.*}).
 *
 * @param chunkSize          profiles per chunk: one read page, one bulk write, one commit of the job repository
 * @param gridSize           subject-range partitions, run on as many local threads
 * @param skipLimit          malformed profiles tolerated per partition before the job fails (data broken wholesale)
 * @param profiles           Base B profile collection (written by the stream router)
 * @param ratings            current rating per subject ({@code _id} = subject); the router erases from it
 * @param history            one document per rating change
 * @param skips              one document per skipped profile with its reason
 */
@Validated
@ConfigurationProperties("consumidor.batch.rating")
public record RatingJobProperties(
        @Min(1) @Max(10_000) @DefaultValue("500") int chunkSize,
        @Min(1) @Max(64) @DefaultValue("4") int gridSize,
        @Min(0) @DefaultValue("100") int skipLimit,
        @NotBlank @DefaultValue("profiles") String profiles,
        @NotBlank @DefaultValue("ratings") String ratings,
        @NotBlank @DefaultValue("ratingHistory") String history,
        @NotBlank @DefaultValue("ratingSkips") String skips) {
}
