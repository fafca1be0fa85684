package io.consumidor.jobs.host;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.batchsupport.JobOwner;
import io.consumidor.batchsupport.partition.PartitionQueue;
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
 * each job's own words ({@link JobCommand}: the export's {@code export run|list|show}) — or, with {@code worker}, a
 * worker process running remote partitions sent by the managers of those jobs. One process per run, so a
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

    public static void main(String[] args) throws InterruptedException {
        SpringApplication application = new SpringApplication(JobHostApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        if (!words.isEmpty() && words.get(0).equals("worker")) {
            work(application, args);
            return;
        }
        ExitCode status;
        try (ConfigurableApplicationContext context = application.run(args)) {
            status = run(context, words);
        }
        System.exit(status.code());
    }

    /**
     * {@code worker}: this process takes partition requests from the queue and runs them until it is stopped (SIGTERM
     * lets the partition in hand finish within the listener's shutdown time; SIGKILL leaves it to the manager's lease).
     */
    private static void work(SpringApplication application, String[] args) throws InterruptedException {
        application.setDefaultProperties(java.util.Map.of("consumidor.jobs.worker", "true"));
        ConfigurableApplicationContext context = application.run(args);
        PartitionQueue queue = context.getBean(PartitionQueue.class);
        System.out.println("worker " + JobOwner.current() + " takes partitions from " + queue + " (jobs: "
                + String.join(", ", context.getBeansOfType(Job.class).keySet()) + "); stop it with Ctrl-C or SIGTERM");
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        context.addApplicationListener((org.springframework.context.ApplicationListener<org.springframework.context.event.ContextClosedEvent>) e -> closed.countDown());
        closed.await();
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
