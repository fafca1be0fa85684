package io.consumidor.jobs.mlexport.consistency;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * {@code featureConsistency}'s parameters, all identifying: {@code date} (the lookups' day in the datasets' zone;
 * default yesterday, the last whole day), an optional {@code dataset} (default every dataset) and an optional
 * {@code run} label to check a day again on purpose (late batches of a replica that flushed after the check).
 */
public final class ConsistencyLaunch implements JobLaunch {

    public static final String JOB = "featureConsistency";
    public static final String DATE = "date";
    public static final String DATASET = "dataset";
    public static final String RUN = "run";
    private static final Set<String> KEYS = Set.of(DATE, DATASET, RUN);

    private final Datasets datasets;

    public ConsistencyLaunch(Datasets datasets) {
        this.datasets = datasets;
    }

    @Override
    public String job() {
        return JOB;
    }

    @Override
    public String usage() {
        return "[date=yyyy-MM-dd (default yesterday)] [dataset=<" + String.join("|", datasets.all().stream().map(Dataset::name).toList())
                + ">] [run=<label>]";
    }

    @Override
    public String alreadyCompleteHint() {
        return "that day is checked (`./pipeline features report <date>` prints it); run=<label> checks it again";
    }

    @Override
    public JobParameters parameters(Map<String, String> arguments, Clock clock) {
        refuseUnknown(arguments, KEYS);
        JobParametersBuilder parameters = new JobParametersBuilder().addLocalDate(DATE, date(arguments.get(DATE), clock));
        if (arguments.containsKey(DATASET)) {
            String name = arguments.get(DATASET);
            datasets.find(name).orElseThrow(() -> new IllegalArgumentException("no dataset '" + name + "' (known: "
                    + datasets.all().stream().map(Dataset::name).toList() + ")"));
            parameters.addString(DATASET, name);
        }
        if (arguments.containsKey(RUN)) {
            parameters.addString(RUN, arguments.get(RUN));
        }
        return parameters.toJobParameters();
    }

    /** The given day, or yesterday in the first dataset's zone; never a day after today. */
    LocalDate date(String given, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(datasets.all().get(0).zone()));
        if (given == null) {
            return today.minusDays(1);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(given);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date must be yyyy-MM-dd, not '" + given + "'");
        }
        if (date.isAfter(today)) {
            throw new IllegalArgumentException("date " + date + " is in the future: no lookup of it is logged yet");
        }
        return date;
    }
}
