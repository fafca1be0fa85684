package io.consumidor.jobs.rating;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.batchsupport.cli.JobCli;
import io.consumidor.batchsupport.launch.InstanceLocks;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;

/** The rating job alone, with the job CLI, as its tests and benchmark run it (the job host runs it in production). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RatingJobConfiguration.class)
public class RatingTestApplication {

    @Bean
    JobCli jobCli(JobOperator operator, JobRepository repository, List<Job> jobs, List<JobLaunch> launches, DataSource dataSource, Clock clock) {
        return new JobCli(operator, repository, jobs, launches, new InstanceLocks(dataSource), clock, System.out);
    }
}
