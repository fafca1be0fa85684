package io.consumidor.demo;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Properties;

/**
 * {@code .pipeline/demo/plan.env}: what the last completed generation was (the run label, the two snapshot dates the
 * script exports to the jobs, the seed and the number of consumers). Written once everything is generated, so a demo
 * that stopped midway leaves no plan of its seed.
 */
final class DemoPlan {

    static final String RUN = "DEMO_RUN";
    static final String SCORING_DATE = "DEMO_SCORING_DATE";
    static final String TRAINING_DATE = "DEMO_TRAINING_DATE";
    static final String SEED = "DEMO_SEED";
    static final String CONSUMERS = "DEMO_CONSUMERS";

    private final Path file;

    DemoPlan(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    void write(String run, LocalDate scoringDate, LocalDate trainingDate, long seed, int consumers) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, RUN + "=" + run + "\n" + SCORING_DATE + "=" + scoringDate + "\n" + TRAINING_DATE + "=" + trainingDate
                    + "\n" + SEED + "=" + seed + "\n" + CONSUMERS + "=" + consumers + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Properties read() {
        Properties plan = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            plan.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("no demo has run yet (" + file + " is missing): ./pipeline demo", e);
        }
        return plan;
    }
}
