package io.consumidor.batchsupport.cli;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.batchsupport.launch.InstanceLocks;
import io.consumidor.batchsupport.launch.LockedStart;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The command line of every job alike. {@code run <job> [key=value ...]}: launches (or restarts, when the same
 * parameters failed or their process was killed) and prints progress every few seconds and a summary.
 * {@code status [n]}: recent executions of all jobs. What is particular to a job — its arguments, its ETA —
 * comes from its {@link JobLaunch}; what is recorded comes from the {@link JobRepository} API, not from SQL
 * on Spring Batch's tables. A launch holds its instance's {@link InstanceLocks lock} until it ends, as the
 * scheduler does for a slot. Exit codes: {@link ExitCode}.
 */
public final class JobCli {

    private final JobOperator operator;
    private final JobRepository repository;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, JobLaunch> launches = new LinkedHashMap<>();
    private final InstanceLocks locks;
    private final LockedStart start;
    private final Clock clock;
    private final PrintStream out;

    public JobCli(JobOperator operator, JobRepository repository, List<Job> jobs, List<JobLaunch> launches, InstanceLocks locks,
                  Clock clock, PrintStream out) {
        this.operator = operator;
        this.repository = repository;
        this.locks = locks;
        this.start = new LockedStart(operator, repository);
        jobs.forEach(job -> this.jobs.put(job.getName(), job));
        launches.forEach(launch -> this.launches.put(launch.job(), launch));
        this.clock = clock;
        this.out = out;
    }

    public ExitCode run(List<String> words) {
        if (words.isEmpty()) {
            return usage();
        }
        return switch (words.get(0)) {
            case "run" -> words.size() < 2 ? usage() : launch(words.get(1), arguments(words.subList(2, words.size())));
            case "status" -> status(words.size() > 1 ? Integer.parseInt(words.get(1)) : 10);
            default -> usage();
        };
    }

    private ExitCode usage() {
        out.println("usage: run <job> [key=value ...] | status [count]");
        launches.values().forEach(l -> out.println("  run " + l.job() + " " + l.usage()));
        return ExitCode.USAGE;
    }

    /** {@code key=value} words as a map; anything else is refused. */
    public static Map<String, String> arguments(List<String> words) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("parameters are key=value, not '" + word + "'");
            }
            values.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return values;
    }

    /** Launches or restarts the job with the arguments, printing progress until it ends; returns the exit code. */
    public ExitCode launch(String name, Map<String, String> arguments) {
        Job job = jobs.get(name);
        JobLaunch launch = launches.get(name);
        if (job == null || launch == null) {
            out.println("no job '" + name + "'; jobs: " + launches.keySet());
            return ExitCode.USAGE;
        }
        JobParameters parameters;
        try {
            parameters = launch.parameters(arguments, clock);
        } catch (IllegalArgumentException e) {
            out.println(name + ": " + e.getMessage() + "\n  usage: run " + name + " " + launch.usage());
            return ExitCode.USAGE;
        }
        // Held for the whole run: a second launch of the same instance, from any process, is refused here instead
        // of racing this one into the job repository (spring-batch#5397).
        Optional<InstanceLocks.Held> lock = locks.tryLock(name, parameters);
        if (lock.isEmpty()) {
            out.println(name + " is already running for " + describe(parameters) + " (another process holds its lock); not started twice");
            return ExitCode.ALREADY_RUNNING;
        }
        try (InstanceLocks.Held held = lock.get()) {
            return launch(name, launch, job, parameters);
        }
    }

    private ExitCode launch(String name, JobLaunch launch, Job job, JobParameters parameters) {
        new StaleExecutions(repository, operator, out).recoverIfOwnerDied(name, parameters);
        CompletableFuture<JobExecution> run = CompletableFuture.supplyAsync(() -> start(job, parameters));
        Progress progress = new Progress(repository, out);
        long started = System.nanoTime();
        long total = -1;
        try {
            while (true) {
                try {
                    JobExecution execution = run.get(3, TimeUnit.SECONDS);
                    return progress.summary(execution, Duration.ofNanos(System.nanoTime() - started));
                } catch (TimeoutException stillRunning) {
                    if (total < 0) {
                        total = launch.estimatedItems(repository.getLastJobExecution(name, parameters));
                    }
                    progress.print(name, parameters, Duration.ofNanos(System.nanoTime() - started), total);
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IllegalStateException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof JobInstanceAlreadyCompleteException) {
                out.println(name + " already completed for " + describe(parameters) + "; " + launch.alreadyCompleteHint());
                return ExitCode.ALREADY_COMPLETE;
            }
            if (cause instanceof JobExecutionAlreadyRunningException || cause instanceof org.springframework.dao.CannotAcquireLockException
                    || cause instanceof org.springframework.dao.DuplicateKeyException
                    || (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("JobInstance must not already exist"))) {
                out.println(name + " is already running for " + describe(parameters) + " (another process); not started twice");
                return ExitCode.ALREADY_RUNNING;
            }
            out.println(name + " could not start: " + cause);
            return ExitCode.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILED;
        }
    }

    private JobExecution start(Job job, JobParameters parameters) {
        try {
            return start.start(job, parameters);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private ExitCode status(int count) {
        List<JobExecution> executions = new ArrayList<>();
        for (String name : repository.getJobNames()) {
            for (JobInstance instance : repository.getJobInstances(name, 0, count)) {
                executions.addAll(repository.getJobExecutions(instance));
            }
        }
        executions.sort(Comparator.comparingLong(JobExecution::getId).reversed());
        out.printf("%-6s %-18s %-44s %-10s %9s %9s %8s %10s%n", "exec", "job", "parameters", "status", "read", "written", "skipped", "duration");
        for (JobExecution summary : executions.subList(0, Math.min(count, executions.size()))) {
            JobExecution execution = repository.getJobExecution(summary.getId());
            Progress.Counts counts = Progress.Counts.of(execution);
            LocalDateTime startedAt = execution.getStartTime();
            LocalDateTime endedAt = execution.getEndTime();
            String duration = startedAt == null ? "" : endedAt == null ? "running?"
                    : String.format("%.1f s", Duration.between(startedAt, endedAt).toMillis() / 1000.0);
            out.printf("%-6d %-18s %-44s %-10s %9d %9d %8d %10s%n", execution.getId(), execution.getJobInstance().getJobName(),
                    describe(execution.getJobParameters()), execution.getStatus(), counts.read(), counts.written(), counts.skipped(), duration);
        }
        return ExitCode.COMPLETED;
    }

    static String describe(JobParameters parameters) {
        StringBuilder text = new StringBuilder();
        parameters.parameters().stream().sorted(Comparator.comparing(p -> p.name()))
                .forEach(p -> text.append(text.isEmpty() ? "" : " ").append(p.name()).append('=').append(p.value()));
        return text.toString();
    }
}
