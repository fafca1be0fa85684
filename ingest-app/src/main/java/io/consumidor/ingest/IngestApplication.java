package io.consumidor.ingest;

import io.consumidor.apisecurity.ApiWebSupport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Base A: the consumer registry behind JWT, encrypted at rest, publishing its changes through an outbox. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(ApiWebSupport.class)
public class IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }
}
