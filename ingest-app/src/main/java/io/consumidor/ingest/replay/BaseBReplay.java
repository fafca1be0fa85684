package io.consumidor.ingest.replay;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.core.wire.Feed;
import io.consumidor.ingest.consumer.ConsumerRepository;
import io.consumidor.ingest.consumer.ConsumerRepository.Stored;
import io.consumidor.ingest.consumer.ProfileEvents;
import io.consumidor.ingest.consumer.StoredFactsReader;
import io.consumidor.ingest.crypto.FieldEncryption;
import io.consumidor.ingest.outbox.OutboxWriter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rebuilds Base B from Base A: re-publishes, through the outbox, a {@code consumer.profile} event (facts and
 * debt summary) for every consumer, stamped with the row's current version and its last change's time. Base
 * B's guards make it idempotent: a version Base B has already is ignored (history keeps one entry per
 * version), a version it lacks is written. Base A's data is only read; each page of consumers is one
 * transaction that appends its events and moves the replay's position ({@code base_a.replay}), so a stopped
 * replay resumes after its last committed page.
 */
@Component
public class BaseBReplay {

    public static final String NAME = "base-b";
    static final int PAGE = 500;
    private static final int PROGRESS_EVERY = 20 * PAGE;

    private final ConsumerRepository consumers;
    private final FieldEncryption encryption;
    private final SubjectPseudonymizer pseudonymizer;
    private final OutboxWriter outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ProfileEvents events = new ProfileEvents(Clock.systemUTC());

    public BaseBReplay(ConsumerRepository consumers, FieldEncryption encryption, SubjectPseudonymizer pseudonymizer,
                       OutboxWriter outbox, JdbcClient jdbc, TransactionTemplate transaction) {
        this.consumers = consumers;
        this.encryption = encryption;
        this.pseudonymizer = pseudonymizer;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** @param resumed whether an unfinished replay was continued rather than a new one started */
    public record Result(long consumers, long events, long unreadable, boolean resumed) {
    }

    /** Replays every consumer after the recorded position (all of them with {@code restart}). */
    public Result run(boolean restart, Consumer<String> progress) {
        boolean resumed = start(restart);
        long total = jdbc.sql("SELECT count(*) FROM base_a.consumer WHERE id > (SELECT last_consumer_id FROM base_a.replay WHERE name = ?)")
                .param(NAME).query(Long.class).single();
        progress.accept((resumed ? "resuming the replay: " : "replaying: ") + total + " consumers to publish");
        long done = 0;
        long published = 0;
        long unreadable = 0;
        long started = System.nanoTime();
        while (true) {
            Page page = transaction.execute(status -> replayPage());
            if (page == null || page.consumers() == 0) {
                break;
            }
            done += page.consumers();
            published += page.events();
            unreadable += page.unreadable().size();
            page.unreadable().forEach(id -> progress.accept("consumer row " + id + " cannot be read; not replayed"));
            if (done % PROGRESS_EVERY == 0) {
                double seconds = (System.nanoTime() - started) / 1e9;
                double rate = done / Math.max(seconds, 0.001);
                progress.accept(String.format("%d of %d consumers, %d events, %.0f consumers/s, ETA %.0f s", done, total, published,
                        rate, (total - done) / Math.max(rate, 0.001)));
            }
        }
        jdbc.sql("UPDATE base_a.replay SET finished_at = now(), updated_at = now() WHERE name = ?").param(NAME).update();
        return new Result(done, published, unreadable, resumed);
    }

    /** Opens the replay's position row; true when an unfinished one is resumed. */
    private boolean start(boolean restart) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            jdbc.sql("INSERT INTO base_a.replay (name) VALUES (?) ON CONFLICT (name) DO NOTHING").param(NAME).update();
            boolean unfinished = jdbc.sql("SELECT finished_at IS NULL AND last_consumer_id > 0 FROM base_a.replay WHERE name = ? FOR UPDATE")
                    .param(NAME).query(Boolean.class).single();
            if (restart || !unfinished) {
                jdbc.sql("""
                                UPDATE base_a.replay SET last_consumer_id = 0, consumers = 0, events = 0, started_at = now(),
                                       updated_at = now(), finished_at = NULL WHERE name = ?""").param(NAME).update();
                return false;
            }
            return true;
        }));
    }

    private record Page(int consumers, int events, List<Long> unreadable) {
    }

    private Page replayPage() {
        long after = jdbc.sql("SELECT last_consumer_id FROM base_a.replay WHERE name = ? FOR UPDATE").param(NAME).query(Long.class).single();
        List<Stored> page = consumers.page(after, PAGE);
        if (page.isEmpty()) {
            return new Page(0, 0, List.of());
        }
        int published = 0;
        List<Long> unreadable = new java.util.ArrayList<>();
        for (Stored consumer : page) {
            try {
                byte[] row = consumer.cpfHmac();
                Cpf cpf = Cpf.parse(encryption.decrypt("cpf", row, consumer.sealed().cpf()));
                String state = StoredFactsReader.state(encryption, row, consumer.sealed());
                int birthYear = LocalDate.parse(encryption.decrypt("birth_date", row, consumer.sealed().birthDate())).getYear();
                var facts = StoredFactsReader.facts(encryption, row, consumer.sealed());
                PersonalFacts personal = new PersonalFacts(birthYear, state, facts.assets(), facts.incomeSources());
                outbox.append(Feed.PROFILE, events.profile(pseudonymizer.subjectOf(cpf), personal, consumer.debts(),
                        consumer.version(), consumer.updatedAt()));
                published++;
            } catch (RuntimeException e) {
                // Not decryptable with any key we hold: reported by row id (never its content); the rest goes on.
                unreadable.add(consumer.id());
            }
        }
        jdbc.sql("""
                        UPDATE base_a.replay SET last_consumer_id = ?, consumers = consumers + ?, events = events + ?, updated_at = now()
                         WHERE name = ?""")
                .params(page.get(page.size() - 1).id(), page.size(), published, NAME).update();
        return new Page(page.size(), published, unreadable);
    }
}
