package io.consumidor.jobs.mlexport.erasure;

import io.consumidor.batchsupport.JobLaunch;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * {@code mlErasureSweep}'s one identifying parameter: {@code at}, a UTC minute ({@code yyyy-MM-dd'T'HH:mm},
 * default now), so each minute is its own instance (the scheduler adds its own slot) and a failed sweep is restarted, not repeated. The
 * sweep itself is idempotent: what it finished is recorded on the runs, so a restart only redoes what is left.
 */
public final class ErasureSweepLaunch implements JobLaunch {

    public static final String JOB = "mlErasureSweep";
    public static final String AT = "at";
    static final DateTimeFormatter AT_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @Override
    public String job() {
        return JOB;
    }

    @Override
    public String usage() {
        return "[at=yyyy-MM-ddTHH:mm (UTC, default now)]";
    }

    @Override
    public String alreadyCompleteHint() {
        return "this slot's sweep is done; a new sweep takes another at=yyyy-MM-ddTHH:mm";
    }

    @Override
    public JobParameters parameters(Map<String, String> arguments, Clock clock) {
        refuseUnknown(arguments, java.util.Set.of(AT));
        String slot = arguments.get(AT);
        if (slot == null) {
            slot = AT_FORMAT.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES));
        } else {
            try {
                AT_FORMAT.parse(slot);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("at must be yyyy-MM-ddTHH:mm, not '" + slot + "'");
            }
        }
        return new JobParametersBuilder().addString(AT, slot).toJobParameters();
    }
}
