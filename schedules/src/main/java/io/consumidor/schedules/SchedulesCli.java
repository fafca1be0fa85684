package io.consumidor.schedules;

import io.consumidor.batchsupport.cli.ExitCode;

import org.springframework.batch.core.job.JobExecution;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code schedules list}: each schedule's cron, zone, next three fire times, last slot and its outcome, and health.
 * {@code schedules run <name> [slot=<local date-time or instant>] [--rerun]}: runs a slot now (default: the newest
 * slot at or before now); a slot that completed runs again only with {@code --rerun}, recorded as a new instance
 * labelled {@code rerun=<when>}. Exit codes: 0 completed, 1 failed, 2 usage, 3 already completed, 4 running elsewhere.
 */
final class SchedulesCli {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Schedules schedules;
    private final SlotRunner runner;
    private final SchedulesHealth health;
    private final Clock clock;
    private final PrintStream out;

    SchedulesCli(Schedules schedules, SlotRunner runner, SchedulesHealth health, Clock clock, PrintStream out) {
        this.schedules = schedules;
        this.runner = runner;
        this.health = health;
        this.clock = clock;
        this.out = out;
    }

    ExitCode run(List<String> words, boolean rerun) {
        if (words.isEmpty()) {
            return usage();
        }
        return switch (words.get(0)) {
            case "list" -> list();
            case "run" -> words.size() < 2 ? usage() : runSlot(words.get(1), words.subList(2, words.size()), rerun);
            default -> usage();
        };
    }

    private ExitCode usage() {
        out.println("usage: schedules list | schedules run <name> [slot=yyyy-MM-ddTHH:mm[:ss]] [--rerun]");
        out.println("schedules: " + Schedules.names(schedules.all()));
        return ExitCode.USAGE;
    }

    private ExitCode list() {
        Instant now = clock.instant();
        for (Schedule schedule : schedules.all()) {
            out.printf("%s  (%s)%s%n", schedule.name(), schedule.job(), schedule.enabled() ? "" : "  DISABLED");
            out.printf("  cron %s  zone %s  catch-up %s  retry %d× every %s%n", schedule.cronText(), schedule.zone(),
                    schedule.catchUp().name().toLowerCase(), schedule.retry().attempts(), schedule.retry().backoff());
            List<String> next = new ArrayList<>();
            Instant at = now;
            for (int i = 0; i < 3 && at != null; i++) {
                at = schedule.next(at);
                if (at != null) {
                    next.add(LOCAL.format(LocalDateTime.ofInstant(at, schedule.zone())));
                }
            }
            out.println("  next   " + String.join(", ", next));
            Instant last = schedule.latest(now);
            String outcome = last == null ? "none in the look-back"
                    : LOCAL.format(LocalDateTime.ofInstant(last, schedule.zone())) + " → "
                    + runner.last(schedule, last).map(e -> e.getStatus() + " (execution " + e.getId() + ")").orElse("not run");
            out.println("  last   " + outcome);
            out.println("  parameters " + (last == null ? schedule.parameters() : schedule.arguments(last)));
            out.println("  health " + (schedule.enabled() ? health.status(schedule, now).text() : "disabled"));
        }
        return ExitCode.COMPLETED;
    }

    private ExitCode runSlot(String name, List<String> arguments, boolean rerun) {
        Optional<Schedule> found = schedules.find(name);
        if (found.isEmpty()) {
            out.println("no schedule '" + name + "'; schedules: " + Schedules.names(schedules.all()));
            return ExitCode.USAGE;
        }
        Schedule schedule = found.get();
        Instant slot;
        try {
            slot = slot(schedule, arguments);
        } catch (IllegalArgumentException e) {
            out.println(name + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        Optional<JobExecution> last = runner.last(schedule, slot);
        if (!rerun && last.isPresent() && last.get().getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED) {
            out.printf("%s: slot %s already completed (execution %d); to run it again on purpose add --rerun"
                    + " (recorded as a new run labelled rerun=<now>)%n", name, slot, last.get().getId());
            return ExitCode.ALREADY_COMPLETE;
        }
        SlotRunner.Result result = runner.run(schedule, slot, rerun ? clock.instant().toString() : null);
        out.printf("%s: slot %s → %s%s%n", name, slot, result.outcome(),
                result.execution() == null ? "" : " (execution " + result.execution().getId() + ", " + result.duration().toSeconds() + " s)");
        return switch (result.outcome()) {
            case COMPLETED -> ExitCode.COMPLETED;
            case FAILED -> ExitCode.FAILED;
            case ALREADY_COMPLETED -> ExitCode.ALREADY_COMPLETE;
            case RUNNING_ELSEWHERE -> ExitCode.ALREADY_RUNNING;
        };
    }

    /** The slot named by {@code slot=…} (an instant, or a local date-time in the schedule's zone), else the newest one due. */
    private Instant slot(Schedule schedule, List<String> arguments) {
        for (String argument : arguments) {
            if (!argument.startsWith("slot=")) {
                throw new IllegalArgumentException("unknown argument '" + argument + "' (slot=yyyy-MM-ddTHH:mm[:ss] or an instant)");
            }
            String value = argument.substring("slot=".length());
            try {
                return value.endsWith("Z") ? Instant.parse(value) : LocalDateTime.parse(value).atZone(schedule.zone()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("slot must be yyyy-MM-ddTHH:mm[:ss] (in " + schedule.zone() + ") or an instant, not '" + value + "'");
            }
        }
        Instant latest = schedule.latest(clock.instant());
        if (latest == null) {
            throw new IllegalArgumentException("no slot in the look-back; name one with slot=…");
        }
        return latest;
    }
}
