package io.consumidor.mlexports;

import io.consumidor.batchsupport.BatchStoresConfiguration;
import io.consumidor.mlexports.job.ExportJobConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The export job alone, as its tests run it (the app that hosts it in production is batch-jobs). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({BatchStoresConfiguration.class, ExportJobConfiguration.class})
public class ExportTestApplication {
}
