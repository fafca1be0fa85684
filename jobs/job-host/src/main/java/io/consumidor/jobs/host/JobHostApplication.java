package io.consumidor.jobs.host;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.batchsupport.cli.ExitCode;
import io.consumidor.batchsupport.cli.JobCli;
import io.consumidor.batchsupport.cli.JobCommand;
import io.consumidor.batchsupport.launch.InstanceLocks;
import io.consumidor.jobs.mlexport.job.ExportJobConfiguration;
import io.consumidor.jobs.rating.RatingJobConfiguration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The job host: any job of the jobs tree as a command — {@code run <job> [key=value ...]}, {@code status [n]}, and
 * each job's own words ({@link JobCommand}: the export's {@code export run|list|show}). One process per run, so a
 * crash or a kill stops only that run, and the job repository in PostgreSQL is the single source of truth. The jobs
 * are libraries ({@code jobs/rating}, {@code jobs/ml-export}); this app only imports their configurations.
 */
@SpringBootApplication
@Import({RatingJobConfiguration.class, ExportJobConfiguration.class})
public class JobHostApplication {

    @Bean
    JobCli jobCli(JobOperator operator, JobRepository repository, List<Job> jobs, List<JobLaunch> launches, DataSource dataSource, Clock clock) {
        return new JobCli(operator, repository, jobs, launches, new InstanceLocks(dataSource), clock, System.out);
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(JobHostApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        ExitCode status;
        try (ConfigurableApplicationContext context = application.run(args)) {
            status = run(context, words);
        }
        System.exit(status.code());
    }

    static ExitCode run(ConfigurableApplicationContext context, List<String> words) {
        JobCli jobs = context.getBean(JobCli.class);
        if (!words.isEmpty()) {
            for (JobCommand command : context.getBeansOfType(JobCommand.class).values()) {
                if (command.word().equals(words.get(0))) {
                    return command.run(words.subList(1, words.size()), jobs);
                }
            }
        }
        return jobs.run(words);
    }
}
