package io.consumidor.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The query API: the read side of Base B's rating and Base C's activity for one consumer at a time. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryApiApplication.class, args);
    }
}
