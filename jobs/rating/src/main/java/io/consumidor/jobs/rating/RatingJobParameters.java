package io.consumidor.jobs.rating;

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
 * (the rating date, default today in the job's zone, {@code consumidor.batch.rating.zone}) and an optional {@code run} label to run the same mode and date again on
 * purpose (for example {@code run=2} after fixing data).
 */
public final class RatingJobParameters {

    /** The job's name, as the job CLI, the scheduler's schedules.yml and the job repository know it. */
    public static final String JOB = "ratingRecompute";
    public static final String MODE = "mode";
    public static final String RUN_DATE = "runDate";
    public static final String RUN = "run";
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";

    public static final Set<String> MODES = Set.of(FULL, INCREMENTAL);

    private RatingJobParameters() {
    }

    /** From {@code key=value} arguments; unknown keys and bad values are refused with a message naming them. */
    public static JobParameters of(Map<String, String> arguments, LocalDate today) {
        for (String key : arguments.keySet()) {
            if (!key.equals(MODE) && !key.equals(RUN_DATE) && !key.equals(RUN)) {
                throw new IllegalArgumentException("unknown parameter '" + key
                        + "' (ratingRecompute takes mode=full|incremental, runDate=yyyy-MM-dd and optionally run=<label>)");
            }
        }
        String mode = arguments.getOrDefault(MODE, FULL);
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("mode must be full or incremental, not '" + mode + "'");
        }
        LocalDate runDate;
        try {
            runDate = arguments.containsKey(RUN_DATE) ? LocalDate.parse(arguments.get(RUN_DATE)) : today;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("runDate must be yyyy-MM-dd, not '" + arguments.get(RUN_DATE) + "'");
        }
        JobParametersBuilder parameters = new JobParametersBuilder().addString(MODE, mode).addLocalDate(RUN_DATE, runDate);
        if (arguments.containsKey(RUN)) {
            parameters.addString(RUN, arguments.get(RUN));
        }
        return parameters.toJobParameters();
    }

    static final class Validator implements JobParametersValidator {
        @Override
        public void validate(JobParameters parameters) throws InvalidJobParametersException {
            String mode = parameters.getString(MODE);
            if (mode == null || !MODES.contains(mode) || parameters.getLocalDate(RUN_DATE) == null) {
                throw new InvalidJobParametersException("ratingRecompute needs mode=full|incremental and runDate");
            }
        }
    }
}
