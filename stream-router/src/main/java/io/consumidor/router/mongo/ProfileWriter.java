package io.consumidor.router.mongo;

import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBIndexes;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Erasure;
import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.profile.ProfileStore;
import io.consumidor.baseb.profile.ProfileStore.GuardedWrite;
import io.consumidor.baseb.profile.ProfileWrites;
import io.consumidor.core.event.MalformedEventException;
import io.consumidor.router.routes.RouteDefinitions.Destination;
import io.consumidor.router.routes.Sink;
import io.consumidor.router.routes.WriteMode;
import io.consumidor.router.routing.DestinationWriter;
import io.consumidor.router.routing.RoutedEvent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Base B through its contract ({@code platform/base-b}): a merge destination writes one profile group, an
 * erase destination forgets subjects. For a merge, every event's fact is first appended to the history —
 * also an older one that will lose to newer current state, which is kept at its own time — and then the
 * newest event per subject of the batch is written to {@code profiles} by a guarded update. A fact that an
 * erasure turned away is removed from the history again (an erasure may also land between the two writes:
 * it deletes the history after stamping the profile, so whichever comes last, nothing of the erased subject
 * stays). Works on MongoDB and mongo-java-server alike.
 */
public final class ProfileWriter implements DestinationWriter {

    private final ProfileStore profiles;
    private final ProfileHistory history;
    private final Clock clock;

    public ProfileWriter(MongoDatabase database, Clock clock) {
        this.profiles = new ProfileStore(database);
        this.history = new ProfileHistory(database);
        this.clock = clock;
        BaseBIndexes.ensure(database);
    }

    @Override
    public Sink sink() {
        return Sink.MONGODB;
    }

    public ProfileStore store() {
        return profiles;
    }

    @Override
    public Map<Integer, WriteFailure> write(Destination destination, List<RoutedEvent> events) {
        return destination.mode() == WriteMode.ERASE ? erase(events) : merge(ProfileGroup.ofField(destination.group()).orElseThrow(), events);
    }

    private record Stamped(RoutedEvent event, HistoryEntry entry) {
    }

    private Map<Integer, WriteFailure> merge(ProfileGroup group, List<RoutedEvent> events) {
        Instant now = clock.instant();
        Map<Integer, WriteFailure> failures = new LinkedHashMap<>();
        List<Stamped> facts = new ArrayList<>();
        for (RoutedEvent event : events) {
            try {
                Fact<Object> fact = group.factOf(event.envelope(), now);
                facts.add(new Stamped(event, new HistoryEntry(event.subject(), group, fact)));
            } catch (MalformedEventException e) {
                failures.put(event.index(), new WriteFailure("malformed-payload", e, false));
            }
        }
        List<HistoryEntry> notRecorded = history.record(facts.stream().map(Stamped::entry).toList());
        if (!notRecorded.isEmpty()) {
            // The store failed (not a duplicate): retry those events, and don't touch current state for them.
            Set<String> failed = notRecorded.stream().map(HistoryEntry::id).collect(Collectors.toSet());
            facts.removeIf(f -> {
                if (failed.contains(f.entry().id())) {
                    failures.put(f.event().index(), new WriteFailure("store-unavailable",
                            new IllegalStateException("profile history not written"), true));
                    return true;
                }
                return false;
            });
        }
        // Per subject only the newest fact of the batch can change current state; the others are history only.
        Map<String, Stamped> newest = new LinkedHashMap<>();
        facts.forEach(f -> newest.merge(f.event().subject(), f, (a, b) -> b.event().sourceVersion() > a.event().sourceVersion() ? b : a));
        List<Stamped> writes = new ArrayList<>(newest.values());
        List<ProfileStore.Result> results = profiles.apply(writes.stream().map(f -> new GuardedWrite(f.event().subject(),
                upsert -> ProfileWrites.merge(f.event().subject(), group, f.entry().fact(), now, upsert))).toList());
        List<Stamped> notApplied = new ArrayList<>();
        Map<String, WriteFailure> bySubject = new HashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            ProfileStore.Result result = results.get(i);
            switch (result.outcome()) {
                case APPLIED -> { }
                case STALE -> notApplied.add(writes.get(i));
                case FAILED -> bySubject.put(writes.get(i).event().subject(), failure(result));
            }
        }
        facts.stream().filter(f -> !writes.contains(f)).forEach(notApplied::add);
        forgetErased(group, notApplied);
        // Older events of a subject share the fate of the newest one written for it.
        facts.forEach(f -> {
            WriteFailure failure = bySubject.get(f.event().subject());
            if (failure != null) {
                failures.put(f.event().index(), failure);
            }
        });
        return failures;
    }

    /** History entries of facts an erasure covers do not stay: the subject was forgotten after them. */
    private void forgetErased(ProfileGroup group, List<Stamped> notApplied) {
        if (notApplied.isEmpty()) {
            return;
        }
        Map<String, Erasure> erasures = profiles.erasures(notApplied.stream().map(f -> f.event().subject()).distinct().toList());
        history.delete(notApplied.stream().filter(f -> {
            Erasure erasure = erasures.get(f.event().subject());
            return erasure != null && erasure.covers(group, f.entry().fact());
        }).map(Stamped::entry).toList());
    }

    private Map<Integer, WriteFailure> erase(List<RoutedEvent> events) {
        Instant now = clock.instant();
        Map<String, Erasure> erasures = new LinkedHashMap<>();
        events.forEach(e -> erasures.merge(e.subject(), new Erasure(e.sourceVersion(), e.envelope().occurredAt(), now),
                (a, b) -> b.sourceVersion() > a.sourceVersion() ? b : a));
        // A failure throws: every erasure of the batch is retried (each step is idempotent).
        List<ProfileStore.Result> results = profiles.erase(erasures, now);
        List<String> subjects = List.copyOf(erasures.keySet());
        Map<Integer, WriteFailure> failures = new LinkedHashMap<>();
        for (int i = 0; i < subjects.size(); i++) {
            if (results.get(i).outcome() == ProfileStore.Outcome.FAILED) {
                String subject = subjects.get(i);
                WriteFailure failure = failure(results.get(i));
                events.stream().filter(e -> e.subject().equals(subject)).forEach(e -> failures.put(e.index(), failure));
            }
        }
        return failures;
    }

    private static WriteFailure failure(ProfileStore.Result result) {
        int code = result.error().getCode();
        // 121: document validation; 2/9/14: bad value/type — retrying the same document cannot help.
        boolean hopeless = code == 121 || code == 2 || code == 9 || code == 14;
        return new WriteFailure(hopeless ? "document-rejected" : "store-unavailable",
                new IllegalStateException("MongoDB write error " + code + ": " + result.error().getMessage()), !hopeless);
    }
}
