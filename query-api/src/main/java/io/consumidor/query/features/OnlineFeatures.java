package io.consumidor.query.features;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileDocument;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingsAsOf;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.event.EventType;
import io.consumidor.core.subject.Subject;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.features.logs.FeatureLogs;
import io.consumidor.features.rows.Pseudonyms;
import io.consumidor.features.rows.SubjectRows;
import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.DatasetSchema;
import io.consumidor.query.QueryProperties;
import io.consumidor.query.summary.LookupRecorder;
import io.consumidor.query.summary.SummaryService;
import io.consumidor.query.web.InvalidRequestException;
import io.consumidor.scorecard.Scorecard;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One online feature lookup: the latest state of the consumer in Base B (its profile document, its debt-summary
 * history, the rating in force from its history) and its Base C measures ending now, read at once, then turned into the dataset's
 * features by {@link SubjectRows#features} — the code the export writes every row with, here at T = now. Base B
 * decides who is known (unknown and erased: the same 404; Base B not answering: 503, as the summary). Base C not
 * answering within {@code features.section-timeout} (1 s) leaves the columns that need it null and named in {@code unavailable}, never
 * zero. A found consumer's lookup is recorded as a bureau query before it is answered (fail closed), and, when
 * the subject is sampled, logged for the consistency check ({@link FeatureLog}).
 */
@Service
public class OnlineFeatures {

    private static final Logger log = LoggerFactory.getLogger(OnlineFeatures.class);

    private record BaseB(ProfileDocument profile, List<HistoryEntry> debts, RatingRecord rating) {
    }

    /** A dataset's fixed parts: its columns, those that need Base C, its pseudonym key. */
    private record Definition(Dataset dataset, DatasetSchema schema, List<Column> served, byte[] key, String hash) {
    }

    private final Datasets datasets;
    private final PseudonymKeys keys;
    private final Scorecard scorecard;
    private final SubjectPseudonymizer pseudonymizer;
    private final MongoDatabase database;
    private final ProfileHistory history;
    private final ActivitySummaries activity;
    private final BaseCCoverage coverage;
    private final LookupRecorder recorder;
    private final FeatureLog featureLog;
    private final QueryProperties properties;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, Definition> definitions = new ConcurrentHashMap<>();

    OnlineFeatures(Datasets datasets, PseudonymKeys keys, Scorecard scorecard, SubjectPseudonymizer pseudonymizer, MongoDatabase database,
                   ActivitySummaries activity, BaseCCoverage coverage, LookupRecorder recorder, FeatureLog featureLog,
                   QueryProperties properties, ExecutorService queryExecutor, Clock clock) {
        this.datasets = datasets;
        this.keys = keys;
        this.scorecard = scorecard;
        this.pseudonymizer = pseudonymizer;
        this.database = database;
        this.history = new ProfileHistory(database);
        this.activity = activity;
        this.coverage = coverage;
        this.recorder = recorder;
        this.featureLog = featureLog;
        this.properties = properties;
        this.executor = queryExecutor;
        this.clock = clock;
        // every dataset's key now: a key missing outside development mode stops the start, not the first lookup
        for (Dataset dataset : datasets.all()) {
            definitions.put(dataset.name(), definition(dataset));
        }
    }

    private Definition definition(Dataset dataset) {
        return new Definition(dataset, dataset.schema(), FeatureLogs.served(dataset), keys.key(dataset.pseudonymKeyId()), dataset.definitionHash());
    }

    /** Checked before the lookup waits for a turn: an unknown dataset is the request's mistake, whoever asks. */
    public Dataset dataset(String name) {
        return datasets.find(name).orElseThrow(() -> new InvalidRequestException("dataset", "no dataset '" + name + "' (known: "
                + String.join(", ", datasets.all().stream().map(Dataset::name).toList()) + ")"));
    }

    public FeatureVector lookup(Cpf cpf, Dataset dataset, String purpose, String requestedBy, String client) {
        Definition definition = definitions.computeIfAbsent(dataset.name(), name -> definition(dataset));
        Subject subject = pseudonymizer.subjectOf(cpf);
        // T to the millisecond: what the log keeps and the offline recomputation is run as of, exactly.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CompletableFuture<Optional<BaseB>> b = limited(CompletableFuture.supplyAsync(() -> baseB(subject.value(), now), executor));
        CompletableFuture<ActivitySummaries.Values> c = limited(CompletableFuture.supplyAsync(() -> activity.summarize(List.of(subject.value()),
                        dataset.measures(), dataset.daysSinceLastCardPurchase() ? List.of(EventType.CARD_PURCHASE) : List.of(), now)
                .getOrDefault(subject.value(), ActivitySummaries.Values.NONE), executor));
        CompletableFuture<Optional<Instant>> from = limited(CompletableFuture.supplyAsync(() -> coverage.oldest(now), executor));

        Optional<BaseB> answered;
        try {
            answered = b.join();
        } catch (java.util.concurrent.CompletionException e) {
            log.warn("Base B did not answer a feature lookup within the section limit: {}", cause(e));
            throw new SummaryService.UndecidableException(); // Base B is the authority on who is known, and has all but Base C's features
        }
        BaseB read = answered.orElseThrow(SummaryService.NotFoundException::new);
        if (read.profile().isTombstone()) {
            throw new SummaryService.NotFoundException();
        }
        recorder.record(subject, requestedBy, client, purpose); // fail closed: NotRecordedException refuses the lookup
        Optional<ActivitySummaries.Values> events = result(c, "Base C");
        Optional<Optional<Instant>> oldest = result(from, "Base C coverage");
        boolean baseCAnswered = events.isPresent() && oldest.isPresent();

        LocalDate snapshotDate = LocalDate.ofInstant(now, dataset.zone());
        SubjectRows rows = new SubjectRows(dataset, snapshotDate, now, now, now, definition.key(), scorecard,
                SubjectRows.coverageDays(oldest.flatMap(o -> o).orElse(null), now));
        SubjectRows.Features computed = rows.features(read.profile().profile(), read.debts(), read.rating(),
                events.orElse(ActivitySummaries.Values.NONE));
        Map<String, Object> features = new LinkedHashMap<>();
        Map<String, Object> lineage = new LinkedHashMap<>();
        List<String> unavailable = new ArrayList<>();
        Object[] logged = new Object[FeatureLogs.HEAD + definition.served().size()];
        int i = FeatureLogs.HEAD;
        for (Column column : definition.served()) {
            Object value = computed.row()[definition.schema().indexOf(column.name())];
            if (!baseCAnswered && Dataset.readsBaseC(column)) {
                value = null;
                unavailable.add(column.name());
            }
            (column.role() == Column.Role.LINEAGE ? lineage : features).put(column.name(), value);
            logged[i++] = value;
        }
        String population = FeatureLogs.population(computed.exclusion());
        String pseudonym = new Pseudonyms(definition.key(), dataset.name()).of(subject.value());
        if (FeatureLogs.sampled(pseudonym, properties.features().log().share())) {
            logged[0] = pseudonym;
            logged[1] = now;
            logged[2] = definition.hash();
            logged[3] = population;
            logged[4] = unavailable.isEmpty() ? null : String.join(",", unavailable);
            featureLog.offer(dataset, LocalDate.ofInstant(now, dataset.zone()), logged);
        }
        return new FeatureVector(dataset.name(), dataset.version(), definition.hash(), now, population, features, lineage, List.copyOf(unavailable));
    }

    /** The latest state: the profile document, the debt summaries true and recorded by now, the rating in force now. */
    private Optional<BaseB> baseB(String subject, Instant now) {
        Document doc = database.getCollection(BaseBCollections.PROFILES).find(Filters.eq("_id", subject)).first();
        if (doc == null) {
            return Optional.empty();
        }
        ProfileDocument profile = ProfileCodec.read(doc);
        if (profile.isTombstone()) {
            return Optional.of(new BaseB(profile, List.of(), null));
        }
        List<HistoryEntry> debts = history.entries(subject, ProfileGroup.DEBT_SUMMARY, now);
        // The rating in force now is the newest revision of the rating history, as the datasets read it: the current
        // document's ratedAt moves on every re-rate whose inputs changed, also when its outcome did not (no new revision).
        return Optional.of(new BaseB(profile, debts, RatingsAsOf.of(database, subject, now)));
    }

    private <T> CompletableFuture<T> limited(CompletableFuture<T> read) {
        return read.orTimeout(properties.features().sectionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> Optional<T> result(CompletableFuture<T> future, String store) {
        try {
            return Optional.of(future.join());
        } catch (RuntimeException e) {
            log.warn("{} did not answer a feature lookup within the section limit: {}", store, cause(e));
            return Optional.empty();
        }
    }

    /** The failure's kind only: a subject or CPF never reaches a log line. */
    private static String cause(Throwable e) {
        return e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName();
    }
}
