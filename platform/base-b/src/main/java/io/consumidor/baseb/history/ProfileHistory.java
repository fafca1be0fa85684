package io.consumidor.baseb.history;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Sorts;
import com.mongodb.bulk.BulkWriteError;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.MalformedProfileException;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileFields;
import io.consumidor.baseb.profile.ProfileGroup;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base B's memory: every fact update the router accepted ({@code profileHistory}), with when it was true and
 * when Base B learned it — also a late, older update that lost to newer current state. Answers "what did we
 * know about S as of T": per group, among the facts with {@code occurredAt <= T} and {@code recordedAt <= T},
 * the one with the highest {@code sourceVersion}. Filtering on both times is what keeps a fact back-filled
 * or corrected after T out of a view as of T (the point-in-time leak of feature stores that join on event
 * time only).
 */
public final class ProfileHistory {

    public static final String GROUP = "group";
    /** The entry's fact, stamps included ({@code fact.occurredAt}, {@code fact.recordedAt}). */
    public static final String FACT = "fact";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> history;

    public ProfileHistory(MongoDatabase database) {
        this.history = database.getCollection(BaseBCollections.PROFILE_HISTORY);
    }

    public static Document document(HistoryEntry entry) {
        return new Document("_id", entry.id()).append(BaseBCollections.SUBJECT, entry.subject())
                .append(GROUP, entry.group().fieldName()).append(FACT, ProfileCodec.group(entry.group(), entry.fact()));
    }

    /**
     * Appends the entries in one unordered bulk insert. An entry already there (a redelivery) is left as it
     * was — its first {@code recordedAt} stands. Returns the entries that failed for another reason.
     */
    public List<HistoryEntry> record(List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        try {
            history.bulkWrite(entries.stream().map(e -> new InsertOneModel<>(document(e))).toList(),
                    new BulkWriteOptions().ordered(false));
            return List.of();
        } catch (MongoBulkWriteException e) {
            List<HistoryEntry> failed = new ArrayList<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    failed.add(entries.get(error.getIndex()));
                }
            }
            return failed;
        }
    }

    public void delete(List<HistoryEntry> entries) {
        if (!entries.isEmpty()) {
            history.deleteMany(Filters.in("_id", entries.stream().map(HistoryEntry::id).toList()));
        }
    }

    /** What Base B knew about the subject as of {@code instant}; empty when it knew nothing then. */
    public java.util.Optional<Profile> asOf(String subject, Instant instant) {
        try (ProfileScan scan = scan(subject, subject + "|~", instant)) {
            return scan.hasNext() ? java.util.Optional.of(scan.next()) : java.util.Optional.empty();
        }
    }

    /**
     * The profiles of the subjects in {@code [fromSubject, toSubject)} as of {@code instant}, in subject order,
     * through one server cursor: memory holds one subject's entries at a time. Null bounds are open.
     */
    public ProfileScan scan(String fromSubject, String toSubject, Instant instant) {
        List<Bson> terms = new ArrayList<>();
        if (fromSubject != null) {
            terms.add(Filters.gte("_id", fromSubject));
        }
        if (toSubject != null) {
            terms.add(Filters.lt("_id", toSubject));
        }
        terms.add(Filters.lte(FACT + "." + ProfileFields.OCCURRED_AT, Date.from(instant)));
        terms.add(Filters.lte(FACT + "." + ProfileFields.RECORDED_AT, Date.from(instant)));
        MongoCursor<Document> cursor = history.find(Filters.and(terms)).sort(Sorts.ascending("_id")).batchSize(1000).iterator();
        return new ProfileScan(cursor);
    }

    /** One subject as a scan with entries sees it: the profile as of the instant and its entries of the group. */
    public record SubjectHistory(Profile profile, List<HistoryEntry> entries) {
    }

    /**
     * The profile scan and one group's entries in one cursor: the profiles of {@code [fromSubject, toSubject)} as of
     * {@code asOf}, each with its entries of {@code group} true by {@code occurredBy} and recorded by
     * {@code recordedBy} (a training set's label reads beyond T). One range scan instead of two over the same
     * documents — on a server that cannot serve an {@code _id} range from its index, each range cursor is a scan of
     * the whole collection. Subjects with nothing known as of {@code asOf} are passed over, as {@link #scan} does.
     */
    public SubjectScan scan(String fromSubject, String toSubject, Instant asOf, ProfileGroup group, Instant occurredBy, Instant recordedBy) {
        List<Bson> terms = new ArrayList<>();
        if (fromSubject != null) {
            terms.add(Filters.gte("_id", fromSubject));
        }
        if (toSubject != null) {
            terms.add(Filters.lt("_id", toSubject));
        }
        // Every group as known at T, or the group's entries up to their own bounds: what is read beyond T is that
        // group's only, filtered by the server as a second cursor on the group would be.
        terms.add(Filters.or(
                Filters.and(Filters.lte(FACT + "." + ProfileFields.OCCURRED_AT, Date.from(asOf)),
                        Filters.lte(FACT + "." + ProfileFields.RECORDED_AT, Date.from(asOf))),
                Filters.and(Filters.eq(GROUP, group.fieldName()),
                        Filters.lte(FACT + "." + ProfileFields.OCCURRED_AT, Date.from(occurredBy)),
                        Filters.lte(FACT + "." + ProfileFields.RECORDED_AT, Date.from(recordedBy)))));
        MongoCursor<Document> cursor = history.find(Filters.and(terms)).sort(Sorts.ascending("_id")).batchSize(1000).iterator();
        return new SubjectScan(cursor, asOf, group, occurredBy, recordedBy);
    }

    /**
     * One subject as {@link #scan(String, String, Instant, ProfileGroup, Instant, Instant)} sees it, read by the subject
     * index (an {@code _id} range is a whole-collection scan on some servers): the same view, for a single lookup.
     */
    public java.util.Optional<SubjectHistory> subject(String subject, Instant asOf, ProfileGroup group, Instant occurredBy, Instant recordedBy) {
        Bson terms = Filters.and(Filters.eq(BaseBCollections.SUBJECT, subject), Filters.or(
                Filters.and(Filters.lte(FACT + "." + ProfileFields.OCCURRED_AT, Date.from(asOf)),
                        Filters.lte(FACT + "." + ProfileFields.RECORDED_AT, Date.from(asOf))),
                Filters.and(Filters.eq(GROUP, group.fieldName()),
                        Filters.lte(FACT + "." + ProfileFields.OCCURRED_AT, Date.from(occurredBy)),
                        Filters.lte(FACT + "." + ProfileFields.RECORDED_AT, Date.from(recordedBy)))));
        try (SubjectScan scan = new SubjectScan(history.find(terms).sort(Sorts.ascending("_id")).iterator(), asOf, group, occurredBy, recordedBy)) {
            return scan.hasNext() ? java.util.Optional.of(scan.next()) : java.util.Optional.empty();
        }
    }

    /**
     * One subject's entries of {@code group} true and recorded by {@code instant}, oldest version first, by the
     * subject index: the history a single lookup's latest state is read with.
     */
    public List<HistoryEntry> entries(String subject, ProfileGroup group, Instant instant) {
        List<HistoryEntry> entries = new ArrayList<>();
        history.find(Filters.and(Filters.eq(BaseBCollections.SUBJECT, subject), Filters.eq(GROUP, group.fieldName()),
                        Filters.lte(FACT + "." + ProfileFields.OCCURRED_AT, Date.from(instant)),
                        Filters.lte(FACT + "." + ProfileFields.RECORDED_AT, Date.from(instant))))
                .sort(Sorts.ascending("_id")).forEach(doc -> entries.add(entry(doc)));
        return entries;
    }

    /** The cursor of {@link #scan(String, String, Instant, ProfileGroup, Instant, Instant)}, one subject per {@link #next}. */
    public static final class SubjectScan implements java.util.Iterator<SubjectHistory>, AutoCloseable {

        private final MongoCursor<Document> cursor;
        private final Instant asOf;
        private final ProfileGroup group;
        private final Instant occurredBy;
        private final Instant recordedBy;
        private HistoryEntry pending;
        private SubjectHistory next;

        SubjectScan(MongoCursor<Document> cursor, Instant asOf, ProfileGroup group, Instant occurredBy, Instant recordedBy) {
            this.cursor = cursor;
            this.asOf = asOf;
            this.group = group;
            this.occurredBy = occurredBy;
            this.recordedBy = recordedBy;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                HistoryEntry first = pending != null ? pending : (cursor.hasNext() ? entry(cursor.next()) : null);
                pending = null;
                if (first == null) {
                    return false;
                }
                next = subject(first);
            }
            return true;
        }

        @Override
        public SubjectHistory next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            SubjectHistory subject = next;
            next = null;
            return subject;
        }

        /** The subject's entries from {@code first} on; null when none was known as of {@code asOf}. */
        private SubjectHistory subject(HistoryEntry first) {
            Map<ProfileGroup, Fact<?>> newest = new LinkedHashMap<>();
            List<HistoryEntry> entries = new ArrayList<>();
            HistoryEntry entry = first;
            while (true) {
                Fact<?> fact = entry.fact();
                if (!fact.occurredAt().isAfter(asOf) && !fact.recordedAt().isAfter(asOf)) {
                    ProfileScan.keepNewest(newest, entry);
                }
                if (entry.group() == group && !fact.occurredAt().isAfter(occurredBy) && !fact.recordedAt().isAfter(recordedBy)) {
                    entries.add(entry);
                }
                if (!cursor.hasNext()) {
                    break;
                }
                entry = entry(cursor.next());
                if (!entry.subject().equals(first.subject())) {
                    pending = entry;
                    break;
                }
            }
            return newest.isEmpty() ? null : new SubjectHistory(ProfileScan.profile(first.subject(), newest), entries);
        }

        @Override
        public void close() {
            cursor.close();
        }
    }

    /** Every entry of one subject, oldest version first (for inspection and tests). */
    public List<HistoryEntry> entries(String subject) {
        List<HistoryEntry> entries = new ArrayList<>();
        history.find(Filters.eq(BaseBCollections.SUBJECT, subject)).sort(Sorts.ascending("_id"))
                .forEach(doc -> entries.add(entry(doc)));
        return entries;
    }

    static HistoryEntry entry(Document document) {
        String subject = document.getString(BaseBCollections.SUBJECT);
        ProfileGroup group = ProfileGroup.ofField(document.getString(GROUP))
                .orElseThrow(() -> new MalformedProfileException("profileHistory." + GROUP + " names no group"));
        Document fact = document.get(FACT, Document.class);
        if (subject == null || fact == null) {
            throw new MalformedProfileException("profileHistory entry " + document.get("_id") + " lacks subject or fact");
        }
        return new HistoryEntry(subject, group, ProfileCodec.fact(group, fact, "profileHistory." + group.fieldName()));
    }

    /** A streaming as-of scan: one {@link Profile} per subject that had a known fact at the instant. */
    public static final class ProfileScan implements java.util.Iterator<Profile>, AutoCloseable {

        private final MongoCursor<Document> cursor;
        private HistoryEntry pending;
        private Profile next;

        ProfileScan(MongoCursor<Document> cursor) {
            this.cursor = cursor;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public Profile next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Profile profile = next;
            next = null;
            return profile;
        }

        private Profile advance() {
            HistoryEntry first = pending != null ? pending : (cursor.hasNext() ? entry(cursor.next()) : null);
            pending = null;
            if (first == null) {
                return null;
            }
            Map<ProfileGroup, Fact<?>> newest = new LinkedHashMap<>();
            keepNewest(newest, first);
            while (cursor.hasNext()) {
                HistoryEntry entry = entry(cursor.next());
                if (!entry.subject().equals(first.subject())) {
                    pending = entry;
                    break;
                }
                keepNewest(newest, entry);
            }
            return profile(first.subject(), newest);
        }

        private static void keepNewest(Map<ProfileGroup, Fact<?>> newest, HistoryEntry entry) {
            newest.merge(entry.group(), entry.fact(), (a, b) -> b.sourceVersion() > a.sourceVersion() ? b : a);
        }

        @SuppressWarnings("unchecked")
        private static Profile profile(String subject, Map<ProfileGroup, Fact<?>> facts) {
            return new Profile(subject, (Fact<io.consumidor.core.payload.PersonalFacts>) facts.get(ProfileGroup.PERSONAL),
                    (Fact<io.consumidor.core.payload.DebtSummary>) facts.get(ProfileGroup.DEBT_SUMMARY),
                    (Fact<io.consumidor.core.payload.ReportedFacts>) facts.get(ProfileGroup.REPORTED_FACTS));
        }

        @Override
        public void close() {
            cursor.close();
        }
    }
}
