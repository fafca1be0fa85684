package io.consumidor.batch.rating;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The job's parameters, all identifying: {@code mode} (full | incremental, default full), {@code runDate}
 * (the rating date, default today) and an optional {@code run} label to run the same mode and date again on
 * purpose (for example {@code run=2} after fixing data).
 */
public final class RatingJobParameters {

    public static final Set<String> MODES = Set.of("full", "incremental");

    private RatingJobParameters() {
    }

    /** From {@code key=value} arguments; unknown keys and bad values are refused with a message naming them. */
    public static JobParameters of(Map<String, String> arguments, LocalDate today) {
        for (String key : arguments.keySet()) {
            if (!key.equals("mode") && !key.equals("runDate") && !key.equals("run")) {
                throw new IllegalArgumentException("unknown parameter '" + key
                        + "' (ratingRecompute takes mode=full|incremental, runDate=yyyy-MM-dd and optionally run=<label>)");
            }
        }
        String mode = arguments.getOrDefault("mode", "full");
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("mode must be full or incremental, not '" + mode + "'");
        }
        LocalDate runDate;
        try {
            runDate = arguments.containsKey("runDate") ? LocalDate.parse(arguments.get("runDate")) : today;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("runDate must be yyyy-MM-dd, not '" + arguments.get("runDate") + "'");
        }
        JobParametersBuilder parameters = new JobParametersBuilder().addString("mode", mode).addLocalDate("runDate", runDate);
        if (arguments.containsKey("run")) {
            parameters.addString("run", arguments.get("run"));
        }
        return parameters.toJobParameters();
    }

    static final class Validator implements JobParametersValidator {
        @Override
        public void validate(JobParameters parameters) throws InvalidJobParametersException {
            String mode = parameters.getString("mode");
            if (mode == null || !MODES.contains(mode) || parameters.getLocalDate("runDate") == null) {
                throw new InvalidJobParametersException("ratingRecompute needs mode=full|incremental and runDate");
            }
        }
    }
}
