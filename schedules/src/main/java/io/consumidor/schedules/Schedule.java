package io.consumidor.schedules;

import org.springframework.scheduling.support.CronExpression;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked schedule: its cron read in its zone, and its parameter templates. A slot is the instant a cron fire
 * time falls on. Daylight saving ({@code ScheduleDstTest}): a fire time in a spring-forward gap runs once, shifted by
 * the gap (02:30 → 03:30), and one in a fall-back overlap runs once, at its first occurrence.
 */
public record Schedule(String name, String job, String cronText, CronExpression cron, ZoneId zone, Map<String, SlotTemplate> parameters,
                       SchedulesProperties.CatchUp catchUp, Duration lookBack, SchedulesProperties.Retry retry, boolean enabled,
                       boolean backfill) {

    public Schedule {
        parameters = Map.copyOf(parameters);
    }

    /**
     * The first slot strictly after {@code after}, or null when the cron never fires again. The cron is walked in
     * local wall-clock time and each fire time placed in the zone with {@link ZonedDateTime#ofLocal}: a time in a
     * gap moves forward by the gap's length, a time in an overlap takes its first (earlier-offset) occurrence, and
     * the repeated hour is not walked twice. Spring's own zoned walk skips gap times and fires overlap times twice.
     */
    public Instant next(Instant after) {
        LocalDateTime candidate = cron.next(LocalDateTime.ofInstant(after, zone));
        while (candidate != null) {
            Instant instant = ZonedDateTime.ofLocal(candidate, zone, null).toInstant();
            if (instant.isAfter(after)) {
                return instant;
            }
            candidate = cron.next(candidate);
        }
        return null;
    }

    /** Slots in {@code (after, until]}, oldest first. */
    public List<Instant> slotsBetween(Instant after, Instant until) {
        List<Instant> slots = new ArrayList<>();
        Instant slot = next(after);
        while (slot != null && !slot.isAfter(until)) {
            slots.add(slot);
            slot = next(slot);
        }
        return slots;
    }

    /** The newest slot at or before {@code now}, within the look-back, or null. */
    public Instant latest(Instant now) {
        List<Instant> slots = slotsBetween(now.minus(lookBack), now);
        return slots.isEmpty() ? null : slots.get(slots.size() - 1);
    }

    /** The usual time between two slots around {@code now}: what "overdue" is measured against. */
    public Duration interval(Instant now) {
        Instant first = next(now);
        Instant second = first == null ? null : next(first);
        return second == null ? Duration.ofDays(366) : Duration.between(first, second);
    }

    /** The job's arguments for a slot, templates expanded with the slot's local date-time in the zone. */
    public Map<String, String> arguments(Instant slot) {
        LocalDateTime local = LocalDateTime.ofInstant(slot, zone);
        Map<String, String> arguments = new LinkedHashMap<>();
        parameters.forEach((key, template) -> arguments.put(key, template.expand(local)));
        return arguments;
    }

    /** The slot's identity in the job repository: one job instance per schedule and slot. */
    public String slotKey(Instant slot) {
        return name + "@" + slot;
    }
}
