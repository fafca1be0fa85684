package io.consumidor.jobs.mlexport.job;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.core.time.Days;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.features.rows.LabelRules;
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
 * in the dataset's zone; a future date is refused, today's is allowed and marked provisional), an optional
 * {@code observedUntil} (the label's observation cut-off, an instant; default: the run's first start — pass the
 * same one again to reproduce a run's labels exactly) and an optional {@code run} label to export the same
 * snapshot again on purpose, and — for a dataset without a label — an optional {@code asOf}: T at that instant
 * instead of the snapshot date's last (the date is then asOf's in the dataset's zone), so a scoring set can be
 * exported as of the very instant an online lookup answered, to compare the two. One (dataset, snapshot date,
 * cut-off, asOf) runs once; a failed or killed run is restarted,
 * not repeated. A training set whose label would not be final by the cut-off is refused, naming the first day it
 * can run, unless its definition says {@code incomplete: keep}.
 */
public final class ExportLaunch implements JobLaunch {

    public static final String JOB = "mlTrainingExport";
    public static final String DATASET = "dataset";
    public static final String SNAPSHOT_DATE = "snapshotDate";
    public static final String RUN = "run";
    public static final String OBSERVED_UNTIL = "observedUntil";
    public static final String AS_OF = "asOf";
    /** Not identifying: lets a run supersede a complete run of its snapshot that has more rows. */
    public static final String REPLACE = "replace";
    private static final Set<String> KEYS = Set.of(DATASET, SNAPSHOT_DATE, RUN, OBSERVED_UNTIL, REPLACE, AS_OF);

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
        return "dataset=<" + String.join("|", datasets.all().stream().map(Dataset::name).toList()) + "> [snapshotDate=yyyy-MM-dd] [observedUntil=<instant, UTC>] [asOf=<instant, UTC: a dataset without a label>] [run=<label>] [replace=true]";
    }

    @Override
    public String alreadyCompleteHint() {
        return "the snapshot is exported; `./pipeline export show` reads it, and run=<label> exports it again on purpose";
    }

    @Override
    public JobParameters parameters(Map<String, String> arguments, Clock clock) {
        refuseUnknown(arguments, KEYS);
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
        Instant asOf = null;
        if (arguments.containsKey(AS_OF)) {
            try {
                asOf = Instant.parse(arguments.get(AS_OF));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("asOf must be an instant such as 2026-01-31T14:05:09.123Z, not '" + arguments.get(AS_OF) + "'");
            }
            LocalDate day = LocalDate.ofInstant(asOf, dataset.zone());
            if (arguments.containsKey(SNAPSHOT_DATE) && !day.equals(snapshotDate)) {
                throw new IllegalArgumentException("asOf " + asOf + " is on " + day + " in " + dataset.zone() + ", not on snapshotDate " + snapshotDate);
            }
            snapshotDate = day;
            checkAsOf(dataset, asOf, clock);
        }
        if (snapshotDate.isAfter(today)) {
            throw new IllegalArgumentException("snapshotDate " + snapshotDate + " is in the future (today is " + today + " in "
                    + dataset.zone() + "): nothing is known about it yet");
        }
        Instant observedUntil = null;
        if (arguments.containsKey(OBSERVED_UNTIL)) {
            try {
                observedUntil = Instant.parse(arguments.get(OBSERVED_UNTIL));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("observedUntil must be an instant such as 2026-01-31T23:59:59Z, not '"
                        + arguments.get(OBSERVED_UNTIL) + "'");
            }
        }
        refuseImmature(dataset, snapshotDate, observedUntil == null ? clock.instant() : observedUntil, observedUntil != null);
        if (observedUntil != null && observedUntil.isAfter(clock.instant())) {
            throw new IllegalArgumentException("observedUntil " + observedUntil + " is in the future: outcomes after now are not known");
        }
        JobParametersBuilder parameters = new JobParametersBuilder().addString(DATASET, name).addLocalDate(SNAPSHOT_DATE, snapshotDate);
        if (asOf != null) {
            parameters.addString(AS_OF, asOf.toString());
        }
        if (observedUntil != null) {
            parameters.addString(OBSERVED_UNTIL, observedUntil.toString());
        }
        if (arguments.containsKey(REPLACE)) {
            String replace = arguments.get(REPLACE);
            if (!replace.equals("true") && !replace.equals("false")) {
                throw new IllegalArgumentException("replace must be true or false, not '" + replace + "'");
            }
            parameters.addString(REPLACE, replace, false);
        }
        if (arguments.containsKey(RUN)) {
            parameters.addString(RUN, arguments.get(RUN));
        }
        return parameters.toJobParameters();
    }

    /**
     * A training set's label is final only once its window and the maturity buffer have closed by the cut-off; an
     * earlier export would hold only the consumers that went bad early. Refused unless the dataset keeps such rows
     * unlabelled ({@code incomplete: keep}).
     */
    static void refuseImmature(Dataset dataset, LocalDate snapshotDate, Instant observedUntil, boolean explicit) {
        if (!dataset.labelled() || dataset.label().incomplete() == Dataset.Incomplete.KEEP) {
            return;
        }
        if (LabelRules.maturesAt(dataset, snapshotDate).isAfter(observedUntil)) {
            throw new IllegalArgumentException("the label of " + dataset.name() + " @ " + snapshotDate + " is not final"
                    + (explicit ? " by observedUntil " + observedUntil : "") + ": its " + dataset.label().horizonMonths()
                    + "-month window ends " + snapshotDate.plusMonths(dataset.label().horizonMonths()) + " and late reports are awaited "
                    + dataset.label().maturityBufferDays() + " more days, so the first day it can run is "
                    + LabelRules.firstMatureDay(dataset, snapshotDate) + " (or pick snapshotDate " + LabelRules.latestMatureSnapshot(dataset, observedUntil)
                    + " or earlier; to export it unlabelled, set incomplete: keep in its label)");
        }
    }

    /** T: the last instant of the snapshot date in the dataset's zone. */
    public static Instant asOf(Dataset dataset, LocalDate snapshotDate) {
        return Days.endOf(snapshotDate, dataset.zone());
    }

    /** T of a run: its {@code asOf} when it has one, else the last instant of its snapshot date. */
    public static Instant asOf(Dataset dataset, JobParameters parameters) {
        String asOf = parameters.getString(AS_OF);
        return asOf == null ? asOf(dataset, parameters.getLocalDate(SNAPSHOT_DATE)) : Instant.parse(asOf);
    }

    /**
     * An instant T is for a dataset without a label only: a training set's label window and maturity are counted
     * from its snapshot date, whose end is its T. And not in the future.
     */
    private static void checkAsOf(Dataset dataset, Instant asOf, Clock clock) {
        if (dataset.labelled()) {
            throw new IllegalArgumentException("asOf is for a dataset without a label: " + dataset.name() + "'s T is the end of its snapshot"
                    + " date, which its label's window starts from (export a scoring set such as credit-scoring at an instant)");
        }
        if (asOf.isAfter(clock.instant())) {
            throw new IllegalArgumentException("asOf " + asOf + " is in the future: nothing is known about it yet");
        }
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
            String asOf = parameters.getString(AS_OF);
            if (asOf != null) {
                try {
                    Instant instant = Instant.parse(asOf);
                    checkAsOf(dataset, instant, clock);
                    if (!LocalDate.ofInstant(instant, dataset.zone()).equals(snapshotDate)) {
                        throw new InvalidJobParametersException("asOf " + asOf + " is not on snapshotDate " + snapshotDate);
                    }
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw new InvalidJobParametersException(e.getMessage());
                }
            }
            String cutOff = parameters.getString(OBSERVED_UNTIL);
            try {
                refuseImmature(dataset, snapshotDate, cutOff == null ? clock.instant() : Instant.parse(cutOff), cutOff != null);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new InvalidJobParametersException(e.getMessage());
            }
        }
    }
}
