package io.consumidor.schedules;

import io.consumidor.jobs.mlexport.job.ExportJobConfiguration;
import io.consumidor.jobs.rating.RatingJobConfiguration;
import io.consumidor.apisecurity.OperationsPortSecurity;
import io.consumidor.batchsupport.cli.ExitCode;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The scheduler as a process: with no command it runs the schedules until stopped; {@code list} and
 * {@code run <name> …} are the operations commands. Its only HTTP is the operators' port (probes, health, Prometheus). Runs the job libraries (rating recompute, ML export and its
 * erasure sweep) in its own JVM — see the module README for why.
 */
@SpringBootApplication
@Import({RatingJobConfiguration.class, ExportJobConfiguration.class, OperationsPortSecurity.class})
public class SchedulesApplication {

    public static void main(String[] args) throws InterruptedException {
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        boolean rerun = Arrays.asList(args).contains("--rerun");
        SpringApplication application = new SpringApplication(SchedulesApplication.class);
        String[] springArgs = Arrays.stream(args).filter(a -> a.startsWith("--") && !a.equals("--rerun")).toArray(String[]::new);
        if (!words.isEmpty()) {
            // An operations command beside a running scheduler: no HTTP port of its own to collide with the daemon's.
            application.setWebApplicationType(WebApplicationType.NONE);
            ExitCode status;
            try (ConfigurableApplicationContext context = application.run(springArgs)) {
                status = context.getBean(SchedulesCli.class).run(words, rerun);
            }
            System.exit(status.code());
        }
        // The daemon: its operators' port (SCHEDULES_MANAGEMENT_PORT) says ready only once the schedules run — they
        // start on ApplicationStartedEvent, before Boot marks the app ready to accept traffic.
        application.setWebApplicationType(WebApplicationType.SERVLET);
        application.addListeners((ApplicationListener<ApplicationStartedEvent>) started ->
                started.getApplicationContext().getBean(Scheduler.class).start());
        ConfigurableApplicationContext context = application.run(springArgs);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            stopped.countDown();
        }, "schedules-stop"));
        stopped.await();
    }
}
