package io.consumidor.batch;

import io.consumidor.batchsupport.BatchStoresConfiguration;
import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.batchsupport.cli.JobCli;
import io.consumidor.batchsupport.launch.InstanceLocks;
import io.consumidor.mlexports.cli.ExportCli;
import io.consumidor.mlexports.job.ExportJobConfiguration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The batch jobs as a command: {@code run <job> [key=value ...]}, {@code status}, and the ML export's own
 * {@code export run|list|show}. One process per run, so a crash or a kill stops only that run, and the job
 * repository in PostgreSQL is the single source of truth. Hosts the rating recompute (this module) and the
 * ML export ({@code ml-exports}); the job CLI itself is shared ({@code batch-support}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({BatchStoresConfiguration.class, ExportJobConfiguration.class, ExportCli.Configuration.class})
public class BatchJobsApplication {

    @Bean
    JobCli jobCli(JobOperator operator, JobRepository repository, List<Job> jobs, List<JobLaunch> launches, DataSource dataSource, Clock clock) {
        return new JobCli(operator, repository, jobs, launches, new InstanceLocks(dataSource), clock, System.out);
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BatchJobsApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        int status;
        try (ConfigurableApplicationContext context = application.run(args)) {
            status = !words.isEmpty() && words.get(0).equals("export")
                    ? context.getBean(ExportCli.class).run(words.subList(1, words.size()))
                    : context.getBean(JobCli.class).run(words);
        }
        System.exit(status);
    }
}
