package io.consumidor.router;

import io.consumidor.apisecurity.OperationsPortSecurity;
import io.consumidor.router.dlq.DlqCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The stream router. {@code java -jar stream-router.jar} runs the router; {@code java -jar stream-router.jar
 * dlq list|redrive [queue]} inspects or re-drives the dead-letter queues ({@code ./pipeline dlq …}). Its only HTTP is
 * the operators' port ({@code ROUTER_MANAGEMENT_PORT}, 9083): probes, health and the Prometheus scrape.
 */
@SpringBootApplication
@EnableScheduling
@Import(OperationsPortSecurity.class)
public class StreamRouterApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("dlq")) {
            System.exit(DlqCommand.run(args));
        }
        SpringApplication.run(StreamRouterApplication.class, args);
    }
}
