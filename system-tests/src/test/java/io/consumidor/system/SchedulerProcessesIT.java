package io.consumidor.system;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two scheduler processes (the packaged {@code schedules} app) against one job repository, with an incremental
 * rating every ten seconds: every slot between the first and the last ran exactly once — none twice, none
 * missing — as the job repository records it.
 */
class SchedulerProcessesIT {

    private static final int SECONDS = Integer.getInteger("schedules.processes.seconds", 40);

    private final PipelineStores stores = new PipelineStores();
    private final JdbcClient repository = stores.postgres();
    private final List<AppProcess> schedulers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        schedulers.forEach(AppProcess::close);
        stores.close();
    }

    @Test
    void twoSchedulerProcessesRunEverySlotExactlyOnce() throws Exception {
        Path file = Path.of("target", "two-schedulers-" + stores.suffix + ".yml").toAbsolutePath();
        Files.writeString(file, """
                consumidor:
                  schedules:
                    entries:
                      - name: every-10s
                        job: ratingRecompute
                        cron: "*/10 * * * * *"
                        parameters:
                          mode: incremental
                          runDate: "{slot:yyyy-MM-dd}"
                        catch-up: none
                        retry: { attempts: 1, backoff: PT1S }
                """);
        Instant started = Instant.now();
        schedulers.add(scheduler("scheduler-one", file));
        schedulers.add(scheduler("scheduler-two", file));
        // Run until the slots of SECONDS seconds have completed (a 10-second cron: SECONDS / 10 of them).
        Awaitility.await().atMost(Duration.ofSeconds(SECONDS + 60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> executionsBySlot().values().stream().filter(runs -> runs.contains("COMPLETED")).count() >= SECONDS / 10);
        schedulers.forEach(AppProcess::close);
        Instant stopped = Instant.now();

        Map<String, List<String>> bySlot = executionsBySlot();
        List<Instant> slots = bySlot.keySet().stream().map(k -> Instant.parse(k.substring(k.indexOf('@') + 1))).sorted().toList();
        System.out.printf("two schedulers, %d s: %d slots ran: %s%n", SECONDS, slots.size(), bySlot);
        assertThat(bySlot.values()).as("no slot ran twice").allSatisfy(runs -> assertThat(runs).containsExactly("COMPLETED"));
        assertThat(slots).as("slots ran").hasSizeGreaterThanOrEqualTo(SECONDS / 10 - 4);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1), slots.get(i))).as("no slot missing").isEqualTo(Duration.ofSeconds(10));
        }
        assertThat(slots.get(0)).isAfter(started);
        assertThat(slots.get(slots.size() - 1)).isBefore(stopped);
    }

    /** Every execution's status by slot, in execution order, from the job repository. */
    private Map<String, List<String>> executionsBySlot() {
        Map<String, List<String>> bySlot = new TreeMap<>();
        repository.sql("""
                        SELECT p.PARAMETER_VALUE slot, e.STATUS status FROM BATCH_JOB_EXECUTION e
                        JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                        WHERE p.PARAMETER_NAME = 'slot' ORDER BY e.JOB_EXECUTION_ID""")
                .query((rs, row) -> Map.entry(rs.getString("slot"), rs.getString("status"))).list()
                .forEach(e -> bySlot.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return bySlot;
    }

    private AppProcess scheduler(String name, Path schedules) throws Exception {
        Map<String, String> environment = new HashMap<>(stores.environment());
        environment.put("SCHEDULES_FILE", "file:" + schedules);
        return AppProcess.startProbed(stores.stack, "schedules", name, environment, List.of());
    }
}
