package io.consumidor.schedules;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.configerrors.InvalidConfigurationException;
import io.consumidor.configerrors.RegionZones;
import org.springframework.scheduling.support.CronExpression;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schedules of {@code schedules.yml}, checked at start-up: the cron parses, the zone is a region (a fixed
 * offset would ignore daylight saving), the job exists in this scheduler, every parameter template parses and
 * the arguments it yields are accepted by the job (tried on the next slot). Errors name the schedule and the field.
 */
public final class Schedules {

    static final String FILE = "schedules.yml";

    private final Map<String, Schedule> byName = new LinkedHashMap<>();

    public Schedules(SchedulesProperties properties, List<JobLaunch> launches) {
        Map<String, JobLaunch> jobs = new LinkedHashMap<>();
        launches.forEach(l -> jobs.put(l.job(), l));
        for (SchedulesProperties.Definition d : properties.entries()) {
            Schedule schedule = resolve(d, jobs);
            if (byName.putIfAbsent(schedule.name(), schedule) != null) {
                throw new InvalidConfigurationException(FILE, "schedule '" + d.name() + "'", "name: defined twice");
            }
        }
    }

    public List<Schedule> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Schedule> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    private static Schedule resolve(SchedulesProperties.Definition d, Map<String, JobLaunch> jobs) {
        String entry = "schedule '" + d.name() + "'";
        CronExpression cron;
        try {
            cron = CronExpression.parse(d.cron());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(FILE, entry, "cron: '" + d.cron() + "' is not a cron expression (six fields: second minute hour"
                    + " day month weekday): " + e.getMessage());
        }
        ZoneId zone = RegionZones.parse(FILE, entry, "zone", d.zone());
        JobLaunch launch = jobs.get(d.job());
        if (launch == null) {
            throw new InvalidConfigurationException(FILE, entry, "job: no job '" + d.job() + "' (known: " + jobs.keySet() + ")");
        }
        Map<String, SlotTemplate> parameters = new LinkedHashMap<>();
        d.parameters().forEach((key, text) -> {
            try {
                parameters.put(key, new SlotTemplate(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(FILE, entry, "parameters." + key + ": " + e.getMessage());
            }
        });
        Schedule schedule = new Schedule(d.name(), d.job(), d.cron(), cron, zone, parameters, d.catchUp(), d.lookBack(), d.retry(), d.enabled(),
                d.backfill());
        java.time.Instant probe = schedule.next(java.time.Instant.now().minus(d.lookBack()));
        if (probe != null) {
            try {
                launch.parameters(schedule.arguments(probe), java.time.Clock.systemUTC());
            } catch (RuntimeException e) {
                throw new InvalidConfigurationException(FILE, entry, "parameters: the job refuses them: " + e.getMessage());
            }
        }
        return schedule;
    }

    static Set<String> names(List<Schedule> schedules) {
        return schedules.stream().map(Schedule::name).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
