package io.consumidor.schedules;

import io.consumidor.batch.BatchJobsApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The scheduler as a process: with no command it runs the schedules until stopped; {@code list} and
 * {@code run <name> …} are the operations commands. Hosts the jobs of {@code batch-jobs} (rating recompute, ML
 * export) in its own JVM — see the module README for why.
 */
@SpringBootApplication
@Import(BatchJobsApplication.class)
public class SchedulesApplication {

    public static void main(String[] args) throws InterruptedException {
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        boolean rerun = Arrays.asList(args).contains("--rerun");
        SpringApplication application = new SpringApplication(SchedulesApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] springArgs = Arrays.stream(args).filter(a -> a.startsWith("--") && !a.equals("--rerun")).toArray(String[]::new);
        ConfigurableApplicationContext context = application.run(springArgs);
        if (!words.isEmpty()) {
            int status;
            try (context) {
                status = context.getBean(SchedulesCli.class).run(words, rerun);
            }
            System.exit(status);
        }
        Scheduler scheduler = context.getBean(Scheduler.class);
        scheduler.start();
        readyFile();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            stopped.countDown();
        }, "schedules-stop"));
        stopped.await();
    }

    /** Tells the local stack the scheduler runs ({@code APP_READY_FILE}, set by {@code ./pipeline up}). */
    private static void readyFile() {
        String path = System.getenv("APP_READY_FILE");
        if (path != null && !path.isBlank()) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(path), "ready\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the ready file " + path, e);
            }
        }
    }
}
