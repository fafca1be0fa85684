package io.consumidor.jobs.rating;

import io.consumidor.core.time.Days;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.ZoneId;

/**
 * The rating recompute job ({@code consumidor.batch.rating.*}). Collections and indices are the contracts'
 * ({@code platform/base-b}, {@code platform/base-c}), not settings.
 *
 * @param chunkSize  profiles per chunk: one read page, one Base C request, one bulk write, one commit of the job repository
 * @param gridSize   subject-range partitions, run on as many local threads
 * @param skipLimit  malformed profiles tolerated per partition before the job fails (data broken wholesale)
 * @param zone       the zone the run date is a day of: windows of Base C events end at that day's last instant there
 * @param maxProfileDrop a run is refused when Base B's live profiles are fewer than this share below the consumers
 *                   holding a current rating: profiles were lost (checked before any partition, on every restart too)
 */
@Validated
@ConfigurationProperties("consumidor.batch.rating")
public record RatingJobProperties(
        @Min(1) @Max(10_000) @DefaultValue("500") int chunkSize,
        @Min(1) @Max(64) @DefaultValue("4") int gridSize,
        @Min(0) @DefaultValue("100") int skipLimit,
        @NotNull @DefaultValue(Days.DEFAULT_ZONE) ZoneId zone,
        @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.2") double maxProfileDrop) {
}
