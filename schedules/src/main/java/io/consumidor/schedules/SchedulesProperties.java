package io.consumidor.schedules;

import io.consumidor.configerrors.ConfigFile;
import io.consumidor.core.time.Days;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The schedules as written in {@code schedules.yml} ({@code consumidor.schedules}). Field checks here; the cron,
 * zone, job and parameter templates are checked by {@link Schedules} at start-up, naming the schedule and field.
 */
@Validated
@ConfigurationProperties("consumidor.schedules")
@ConfigFile("schedules.yml")
public record SchedulesProperties(@DefaultValue List<@Valid Definition> entries) {

    /** What to do with slots missed while no scheduler ran. */
    public enum CatchUp {
        /** Skip them: only slots from now on run. */
        NONE,
        /** Run only the newest missed slot (a snapshot of "now" superseding the older ones). */
        LATEST,
        /** Run every missed slot within the look-back, oldest first. */
        ALL
    }

    /**
     * @param name       the schedule's name (metrics, logs, {@code schedules run <name>})
     * @param job        the job to launch ({@code ratingRecompute}, {@code mlTrainingExport}, …)
     * @param cron       Spring's six-field cron (second minute hour day month weekday)
     * @param zone       the region the cron is read in; never a fixed offset
     * @param parameters the job's arguments; {@code {slot:yyyy-MM-dd}} and {@code {slot-12M-1d:yyyy-MM-dd}} insert
     *                   the slot's local date-time, shifted and formatted
     * @param catchUp    missed slots on start: none, latest or all
     * @param lookBack   how far back missed slots are looked for
     * @param retry      how a failed slot is tried again
     * @param enabled    false keeps the schedule listed but never fires it
     * @param backfill   true: the scheduler's first start also catches up the look-back's slots before that start; by
     *                   default a fresh install starts from its first start (recorded once, in the scheduler's table), so
     *                   it writes no history for days before anything existed
     */
    public record Definition(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String name,
            @NotBlank String job,
            @NotBlank String cron,
            @NotBlank @DefaultValue(Days.DEFAULT_ZONE) String zone,
            @DefaultValue Map<String, String> parameters,
            @NotNull @DefaultValue("latest") CatchUp catchUp,
            @NotNull @DefaultValue("P2D") Duration lookBack,
            @NotNull @Valid @DefaultValue Retry retry,
            @DefaultValue("true") boolean enabled,
            @DefaultValue("false") boolean backfill) {
    }

    /**
     * @param attempts tries of a slot in all (1 = no retry)
     * @param backoff  wait before each retry
     */
    public record Retry(@Min(1) @Max(20) @DefaultValue("3") int attempts, @NotNull @DefaultValue("PT5M") Duration backoff) {
    }
}
