package io.consumidor.jobs.mlexport;

import io.consumidor.jobs.mlexport.job.ExportJobConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The export job alone, as its tests run it (the job host and the scheduler run it in production). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ExportJobConfiguration.class)
public class ExportTestApplication {
}
