package io.consumidor.jobs.mlexport.job;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.core.time.Days;
import io.consumidor.jobs.mlexport.dataset.Dataset;
import io.consumidor.jobs.mlexport.dataset.Datasets;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * {@code mlTrainingExport}'s parameters, all identifying: {@code dataset}, {@code snapshotDate} (default today
 * in the dataset's zone; a future date is refused, today's is allowed and marked provisional) and an optional
 * {@code run} label to export the same snapshot again on purpose. One (dataset, snapshot date) runs once;
 * a failed or killed run is restarted, not repeated.
 */
public final class ExportLaunch implements JobLaunch {

    public static final String JOB = "mlTrainingExport";
    public static final String DATASET = "dataset";
    public static final String SNAPSHOT_DATE = "snapshotDate";
    public static final String RUN = "run";
    private static final Set<String> KEYS = Set.of(DATASET, SNAPSHOT_DATE, RUN);

    private final Datasets datasets;

    public ExportLaunch(Datasets datasets) {
        this.datasets = datasets;
    }

    @Override
    public String job() {
        return JOB;
    }

    @Override
    public String usage() {
        return "dataset=<" + String.join("|", datasets.all().stream().map(Dataset::name).toList()) + "> [snapshotDate=yyyy-MM-dd] [run=<label>]";
    }

    @Override
    public String alreadyCompleteHint() {
        return "the snapshot is exported; `./pipeline export show` reads it, and run=<label> exports it again on purpose";
    }

    @Override
    public JobParameters parameters(Map<String, String> arguments, Clock clock) {
        for (String key : arguments.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' (" + JOB + " takes " + usage() + ")");
            }
        }
        String name = arguments.get(DATASET);
        if (name == null) {
            throw new IllegalArgumentException("dataset is required (" + usage() + ")");
        }
        Dataset dataset = datasets.find(name).orElseThrow(() -> new IllegalArgumentException("no dataset '" + name + "' (known: "
                + datasets.all().stream().map(Dataset::name).toList() + ")"));
        LocalDate today = LocalDate.now(clock.withZone(dataset.zone()));
        LocalDate snapshotDate;
        try {
            snapshotDate = arguments.containsKey(SNAPSHOT_DATE) ? LocalDate.parse(arguments.get(SNAPSHOT_DATE)) : today;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("snapshotDate must be yyyy-MM-dd, not '" + arguments.get(SNAPSHOT_DATE) + "'");
        }
        if (snapshotDate.isAfter(today)) {
            throw new IllegalArgumentException("snapshotDate " + snapshotDate + " is in the future (today is " + today + " in "
                    + dataset.zone() + "): nothing is known about it yet");
        }
        JobParametersBuilder parameters = new JobParametersBuilder().addString(DATASET, name).addLocalDate(SNAPSHOT_DATE, snapshotDate);
        if (arguments.containsKey(RUN)) {
            parameters.addString(RUN, arguments.get(RUN));
        }
        return parameters.toJobParameters();
    }

    /** T: the last instant of the snapshot date in the dataset's zone. */
    public static Instant asOf(Dataset dataset, LocalDate snapshotDate) {
        return Days.endOf(snapshotDate, dataset.zone());
    }

    /** Checks again at launch whatever way the job is started (the scheduler, a test), with the same rules. */
    static final class Validator implements JobParametersValidator {

        private final Datasets datasets;
        private final Clock clock;

        Validator(Datasets datasets, Clock clock) {
            this.datasets = datasets;
            this.clock = clock;
        }

        @Override
        public void validate(JobParameters parameters) throws InvalidJobParametersException {
            String name = parameters.getString(DATASET);
            LocalDate snapshotDate = parameters.getLocalDate(SNAPSHOT_DATE);
            if (name == null || snapshotDate == null) {
                throw new InvalidJobParametersException(JOB + " needs dataset and snapshotDate");
            }
            Dataset dataset = datasets.find(name).orElseThrow(() -> new InvalidJobParametersException("no dataset '" + name + "'"));
            if (snapshotDate.isAfter(LocalDate.now(clock.withZone(dataset.zone())))) {
                throw new InvalidJobParametersException("snapshotDate " + snapshotDate + " is in the future");
            }
        }
    }
}
