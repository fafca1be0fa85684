package io.consumidor.query.summary;

import io.consumidor.basec.ActivitySummaries;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.subject.Subject;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.query.QueryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One lookup: the CPF becomes the subject (the same keyed pseudonym ingest-app gives it), Base B and the two
 * Base C requests are sent at once, each with the section time limit; a store that fails or is late leaves its
 * sections {@code unavailable} and the rest answered. Unknown and erased consumers are the same 404. A found
 * consumer's lookup is recorded before it is answered ({@link LookupRecorder}, fail closed) — as soon as Base B
 * has said it is known, in parallel with the Base C reads.
 */
@Service
public class SummaryService {

    private static final Logger log = LoggerFactory.getLogger(SummaryService.class);

    /** Unknown or erased: the answer does not tell which. */
    public static final class NotFoundException extends RuntimeException {
        public NotFoundException() {
            super("No consumer with this CPF is known.");
        }
    }

    /** Base B did not answer and Base C has nothing: whether the consumer exists cannot be told now. */
    public static final class UndecidableException extends RuntimeException {
        public UndecidableException() {
            super("The stores cannot tell now whether this consumer is known; try again shortly.");
        }
    }

    private final SubjectPseudonymizer pseudonymizer;
    private final BaseBReader baseB;
    private final BaseCReader baseC;
    private final LookupRecorder recorder;
    private final QueryProperties properties;
    private final ExecutorService executor;
    private final Clock clock;

    SummaryService(SubjectPseudonymizer pseudonymizer, BaseBReader baseB, BaseCReader baseC, LookupRecorder recorder,
                   QueryProperties properties, ExecutorService queryExecutor, Clock clock) {
        this.pseudonymizer = pseudonymizer;
        this.baseB = baseB;
        this.baseC = baseC;
        this.recorder = recorder;
        this.properties = properties;
        this.executor = queryExecutor;
        this.clock = clock;
    }

    public ConsumerSummary summarize(Cpf cpf, String purpose, String requestedBy, String client) {
        Subject subject = pseudonymizer.subjectOf(cpf);
        Instant now = clock.instant();
        CompletableFuture<BaseBReader.Answer> b = async(() -> baseB.read(subject.value()));
        CompletableFuture<BaseCReader.Latest> latest = limited(baseC.latest(subject.value()));
        CompletableFuture<ActivitySummaries.Values> windows = limited(baseC.windows(subject.value(), now));
        // Base B is the authority on who is known: once it says KNOWN this lookup will be answered, so its record
        // goes out while Base C is still being read instead of after it (still fail closed: the answer waits for it).
        CompletableFuture<Boolean> recordedEarly = b.thenApplyAsync(answer -> {
            if (answer.presence() != BaseBReader.Presence.KNOWN) {
                return false;
            }
            recorder.record(subject, requestedBy, client, purpose);
            return true;
        }, executor);
        Optional<BaseBReader.Answer> profile = result(b, "Base B");
        Optional<BaseCReader.Latest> newest = result(latest, "Base C latest");
        Optional<ActivitySummaries.Values> counts = result(windows, "Base C windows");

        boolean inC = newest.map(BaseCReader.Latest::any).orElse(false) || counts.map(v -> !v.counts().isEmpty()).orElse(false);
        boolean cAnswered = newest.isPresent() && counts.isPresent();
        if (profile.isPresent()) {
            // Base B is the authority on who is known: a tombstone is an erasure, whatever Base C still holds.
            BaseBReader.Presence presence = profile.get().presence();
            if (presence == BaseBReader.Presence.ERASED || (presence == BaseBReader.Presence.ABSENT && cAnswered && !inC)) {
                throw new NotFoundException();
            }
            if (presence == BaseBReader.Presence.ABSENT && !inC) {
                throw new UndecidableException(); // known to Base C only, perhaps, and Base C did not answer
            }
        } else if (!inC || newest.map(BaseCReader.Latest::erasureMarker).orElse(true)) {
            // Without Base B: nothing in Base C could be unknown or erased; an erasure marker could be a consumer
            // registered again since. Neither is answered with certainty, nor with data that may be an erased one's.
            throw new UndecidableException();
        }
        if (!recordedEarly(recordedEarly)) {
            recorder.record(subject, requestedBy, client, purpose);
        }
        return new ConsumerSummary(subject.value(), now,
                profile.map(p -> p.rating().map(SummaryService::rating).map(Section::ok).orElseGet(Section::none)).orElseGet(Section::unavailable),
                newest.map(n -> n.bureauQuery().map(BaseCReader::bureauQuery).map(Section::ok).orElseGet(Section::none)).orElseGet(Section::unavailable),
                newest.map(n -> n.cardPurchase().map(BaseCReader::cardPurchase).map(Section::ok).orElseGet(Section::none)).orElseGet(Section::unavailable),
                counts.map(v -> Section.ok(new ConsumerSummary.BureauQueryCounts(v.count("queries30"), v.count("queries90"), now)))
                        .orElseGet(Section::unavailable),
                counts.map(v -> Section.ok(new ConsumerSummary.MovementTotals(v.sum("in30"), v.sum("out30"), v.sum("in90"), v.sum("out90"), now)))
                        .orElseGet(Section::unavailable));
    }

    /** True when the early record was sent and confirmed; its refusal refuses the lookup. */
    private static boolean recordedEarly(CompletableFuture<Boolean> early) {
        try {
            return early.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof NotRecordedException refused) {
                throw refused;
            }
            return false; // Base B failed or was late: the record is made after the decision, as without it
        }
    }

    private static ConsumerSummary.Rating rating(io.consumidor.baseb.rating.RatingRecord rating) {
        return new ConsumerSummary.Rating(rating.score(), rating.band(),
                rating.reasons().stream().map(r -> new ConsumerSummary.Reason(r.code(), r.text())).toList(), rating.modelVersion(), rating.ratedAt());
    }

    /** Base B's driver blocks: its read runs on a pool thread. */
    private <T> CompletableFuture<T> async(Supplier<T> read) {
        return limited(CompletableFuture.supplyAsync(read, executor));
    }

    private <T> CompletableFuture<T> limited(CompletableFuture<T> read) {
        return read.orTimeout(properties.sectionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> Optional<T> result(CompletableFuture<T> future, String store) {
        try {
            return Optional.of(future.join());
        } catch (RuntimeException e) {
            // The store's name and the failure's kind only: a subject or CPF never reaches a log line.
            log.warn("{} did not answer within the section limit: {}", store, e.getCause() == null ? e.getClass().getSimpleName()
                    : e.getCause().getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
