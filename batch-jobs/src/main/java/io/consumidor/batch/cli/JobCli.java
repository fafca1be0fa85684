package io.consumidor.batch.cli;

import io.consumidor.batch.rating.RatingJobParameters;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code run <job> [key=value ...]}: launches (or restarts, when the same parameters failed or their process
 * was killed) and prints progress every few seconds and a summary. {@code status [n]}: recent executions.
 * Exit codes: 0 completed, 1 failed, 2 usage, 3 already completed, 4 already running.
 */
@Component
public class JobCli {

    private final JobOperator operator;
    private final JobRepository repository;
    private final Map<String, Job> jobs;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final PrintStream out = System.out;

    private final WorkEstimate estimate;

    public JobCli(JobOperator operator, JobRepository repository, List<Job> jobs, JdbcClient jdbc, WorkEstimate estimate) {
        this.estimate = estimate;
        this.operator = operator;
        this.repository = repository;
        this.jobs = new LinkedHashMap<>();
        jobs.forEach(job -> this.jobs.put(job.getName(), job));
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    public int run(String... args) {
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        if (words.isEmpty()) {
            return usage();
        }
        return switch (words.get(0)) {
            case "run" -> words.size() < 2 ? usage() : launch(words.get(1), words.subList(2, words.size()));
            case "status" -> status(words.size() > 1 ? Integer.parseInt(words.get(1)) : 10);
            default -> usage();
        };
    }

    private int usage() {
        out.println("usage: run <job> [key=value ...] | status [count]    jobs: " + jobs.keySet());
        return 2;
    }

    private int launch(String name, List<String> arguments) {
        Job job = jobs.get(name);
        if (job == null) {
            out.println("no job '" + name + "'; jobs: " + jobs.keySet());
            return 2;
        }
        JobParameters parameters;
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (String argument : arguments) {
                int eq = argument.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("parameters are key=value, not '" + argument + "'");
                }
                values.put(argument.substring(0, eq), argument.substring(eq + 1));
            }
            parameters = RatingJobParameters.of(values, LocalDate.now(clock));
        } catch (IllegalArgumentException e) {
            out.println(name + ": " + e.getMessage());
            return 2;
        }
        new StaleExecutions(repository, operator, out).recoverIfOwnerDied(name, parameters);
        CompletableFuture<JobExecution> run = CompletableFuture.supplyAsync(() -> start(job, parameters));
        Progress progress = new Progress(jdbc, out);
        long started = System.nanoTime();
        long total = -1;
        try {
            while (true) {
                try {
                    JobExecution execution = run.get(3, TimeUnit.SECONDS);
                    return progress.summary(execution, Duration.ofNanos(System.nanoTime() - started));
                } catch (TimeoutException stillRunning) {
                    if (total < 0) {
                        total = estimate.items(repository.getLastJobExecution(name, parameters));
                    }
                    progress.print(name, parameters, Duration.ofNanos(System.nanoTime() - started), total);
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IllegalStateException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof JobInstanceAlreadyCompleteException) {
                out.println(name + " already completed for " + describe(parameters)
                        + "; a new run needs another runDate (or mode)");
                return 3;
            }
            if (cause instanceof JobExecutionAlreadyRunningException || cause instanceof org.springframework.dao.CannotAcquireLockException
                    || (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("JobInstance must not already exist"))) {
                out.println(name + " is already running for " + describe(parameters) + " (another process); not started twice");
                return 4;
            }
            out.println(name + " could not start: " + cause);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private JobExecution start(Job job, JobParameters parameters) {
        try {
            return operator.start(job, parameters);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private int status(int count) {
        out.printf("%-6s %-16s %-34s %-10s %9s %9s %8s %10s%n", "exec", "job", "parameters", "status", "read", "written", "skipped", "duration");
        jdbc.sql("""
                        SELECT e.JOB_EXECUTION_ID id, i.JOB_NAME job, e.STATUS status, e.START_TIME started, e.END_TIME ended,
                               (SELECT string_agg(p.PARAMETER_NAME || '=' || p.PARAMETER_VALUE, ' ' ORDER BY p.PARAMETER_NAME)
                                  FROM BATCH_JOB_EXECUTION_PARAMS p WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID) params,
                               coalesce(sum(s.READ_COUNT), 0) reads, coalesce(sum(s.WRITE_COUNT), 0) writes,
                               coalesce(sum(s.PROCESS_SKIP_COUNT + s.READ_SKIP_COUNT + s.WRITE_SKIP_COUNT), 0) skips
                        FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                        LEFT JOIN BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND s.STEP_NAME LIKE '%:%'
                        GROUP BY e.JOB_EXECUTION_ID, i.JOB_NAME, e.STATUS, e.START_TIME, e.END_TIME
                        ORDER BY e.JOB_EXECUTION_ID DESC LIMIT ?""")
                .param(count)
                .query((rs, row) -> {
                    java.sql.Timestamp started = rs.getTimestamp("started");
                    java.sql.Timestamp ended = rs.getTimestamp("ended");
                    String duration = started == null ? "" : ended == null ? "running?"
                            : String.format("%.1f s", (ended.getTime() - started.getTime()) / 1000.0);
                    return String.format("%-6d %-16s %-34s %-10s %9d %9d %8d %10s", rs.getLong("id"), rs.getString("job"),
                            rs.getString("params"), rs.getString("status"), rs.getLong("reads"), rs.getLong("writes"),
                            rs.getLong("skips"), duration);
                }).list().forEach(out::println);
        return 0;
    }

    private static String describe(JobParameters parameters) {
        StringBuilder text = new StringBuilder();
        parameters.parameters().forEach(p -> text.append(text.isEmpty() ? "" : ", ").append(p.name()).append('=').append(p.value()));
        return text.toString();
    }

    static boolean succeeded(JobExecution execution) {
        return execution.getStatus() == BatchStatus.COMPLETED;
    }
}
