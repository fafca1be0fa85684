package io.consumidor.ingest.replay;

import io.consumidor.ingest.outbox.OutboxRelay;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * {@code ./pipeline replay base-b [--restart]} (ingest-app with {@code --replay=base-b}): re-publishes every
 * consumer's Base B events through the outbox, waits until the relay has sent them, prints a summary and
 * exits (0 done, 1 rows unreadable or events still unsent, 2 usage).
 */
@Component
public class ReplayCommand implements ApplicationRunner {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(30);

    private final BaseBReplay replay;
    private final OutboxRelay relay;
    private final ConfigurableApplicationContext context;

    public ReplayCommand(BaseBReplay replay, OutboxRelay relay, ConfigurableApplicationContext context) {
        this.replay = replay;
        this.relay = relay;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        if (!args.containsOption("replay")) {
            return;
        }
        List<String> targets = args.getOptionValues("replay");
        if (targets.size() != 1 || !BaseBReplay.NAME.equals(targets.get(0))) {
            System.out.println("usage: replay base-b [--restart]   (only Base B is derived from Base A)");
            System.exit(SpringApplication.exit(context, () -> 2));
            return;
        }
        BaseBReplay.Result result = replay.run(args.containsOption("restart"), line -> System.out.println("  " + line));
        System.out.printf("Replayed %d consumers as %d events into the outbox%s; %d rows unreadable.%n", result.consumers(),
                result.events(), result.resumed() ? " (resumed)" : "", result.unreadable());
        long pending = waitForRelay();
        System.out.println(pending == 0 ? "The relay has sent every event; Base B is rebuilt once the router has written them."
                : pending + " events are still waiting in the outbox (is SQS up?); the running ingest-app relays them.");
        int exitCode = result.unreadable() == 0 && pending == 0 ? 0 : 1;
        System.exit(SpringApplication.exit(context, () -> exitCode));
    }

    private long waitForRelay() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long pending = relay.pending();
        long reported = -1;
        while (pending > 0 && System.nanoTime() < deadline) {
            if (reported < 0 || reported - pending >= 10_000) {
                System.out.println("  waiting for the relay: " + pending + " events to send");
                reported = pending;
            }
            Thread.sleep(500);
            pending = relay.pending();
        }
        return pending;
    }
}
