package io.consumidor.schedules;

import io.consumidor.batchsupport.JobLaunch;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' scheduler: the real scheduling parts with a probe job instead of the rating and export jobs. The
 * probe takes {@code label} (identifying, from the schedule's templates) and {@code failures}: how many first
 * attempts of each slot fail ({@code always} for a slot that never succeeds).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SchedulesConfiguration.class)
class ProbeJob {

    static final String JOB = "probe";
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Job probe(JobRepository jobs, PlatformTransactionManager transactions) {
        return new JobBuilder(JOB, jobs).start(new StepBuilder("probeStep", jobs).tasklet((contribution, chunk) -> {
            JobParameters parameters = chunk.getStepContext().getStepExecution().getJobParameters();
            String slot = parameters.getString(SlotRunner.SLOT);
            int attempt = ATTEMPTS.computeIfAbsent(slot, s -> new AtomicInteger()).incrementAndGet();
            String failures = parameters.getString("failures");
            if ("always".equals(failures) || (failures != null && attempt <= Integer.parseInt(failures))) {
                throw new IllegalStateException("probe failing attempt " + attempt + " of " + slot + " on purpose");
            }
            return RepeatStatus.FINISHED;
        }, transactions).build()).build();
    }

    @Bean
    JobLaunch probeLaunch() {
        return new JobLaunch() {
            @Override
            public String job() {
                return JOB;
            }

            @Override
            public JobParameters parameters(Map<String, String> arguments, Clock clock) {
                if (!Set.of("label", "failures").containsAll(arguments.keySet())) {
                    throw new IllegalArgumentException("probe takes label and failures, not " + arguments.keySet());
                }
                JobParametersBuilder builder = new JobParametersBuilder().addString("label", arguments.getOrDefault("label", "-"));
                if (arguments.containsKey("failures")) {
                    builder.addString("failures", arguments.get("failures"), false);
                }
                return builder.toJobParameters();
            }

            @Override
            public String usage() {
                return "label=<text> [failures=<n>|always]";
            }
        };
    }
}
