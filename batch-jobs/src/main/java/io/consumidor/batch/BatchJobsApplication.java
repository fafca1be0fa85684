package io.consumidor.batch;

import io.consumidor.batch.cli.JobCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The batch jobs as a command: {@code run <job> [key=value ...]} or {@code status}. One process per run, so a
 * crash or a kill stops only that run, and the job repository in PostgreSQL is the single source of truth.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BatchJobsApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BatchJobsApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        int status;
        try (ConfigurableApplicationContext context = application.run(args)) {
            status = context.getBean(JobCli.class).run(args);
        }
        System.exit(status);
    }
}
