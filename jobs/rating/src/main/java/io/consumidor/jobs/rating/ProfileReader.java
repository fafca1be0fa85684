package io.consumidor.jobs.rating;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.consumidor.baseb.profile.ProfileWrites;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.scorecard.Characteristic;
import io.consumidor.core.event.EventType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Reads one partition's profiles — subjects in {@code [from, to)} — in {@code _id} order through a single
 * server cursor (memory stays one page, whatever the collection's size), and for each page asks Base C once
 * for every subject's bureau queries in the window before the run date. Restart is by key, not by count: the
 * last subject handed out is saved in the step's execution context and a restarted reader resumes after it,
 * so a profile added or removed meanwhile cannot shift what is skipped. Erasure tombstones are not rated; in
 * incremental mode only profiles updated at or after the watermark are read. Base C unreachable fails the
 * step (restartable) rather than rating with a characteristic missing.
 */
class ProfileReader implements ItemStreamReader<RatingCandidate> {

    static final String LAST_SUBJECT = "rating.lastSubject";

    private final MongoCollection<Document> profiles;
    /** {@link Characteristic#RECENT_BUREAU_QUERIES}: bureau queries in the days up to the as-of instant. */
    static final ActivitySummaries.Measure RECENT_QUERIES = new ActivitySummaries.Measure("recentQueries",
            EventType.BUREAU_QUERY, null, null, Characteristic.RECENT_QUERY_DAYS, null);

    private final ActivitySummaries activity;
    private final java.time.Instant asOf;
    private final String from;
    private final String to;
    private final Date watermark;
    private final int pageSize;
    private final Deque<RatingCandidate> page = new ArrayDeque<>();
    private MongoCursor<Document> cursor;
    private String lastRead;

    ProfileReader(MongoCollection<Document> profiles, ActivitySummaries activity, java.time.Instant asOf, String from,
                  String to, Date watermark, int pageSize) {
        this.profiles = profiles;
        this.activity = activity;
        this.asOf = asOf;
        this.from = from;
        this.to = to;
        this.watermark = watermark;
        this.pageSize = pageSize;
    }

    @Override
    public void open(ExecutionContext context) {
        lastRead = context.containsKey(LAST_SUBJECT) ? context.getString(LAST_SUBJECT) : null;
        page.clear();
        cursor = profiles.find(filter(profilesFrom(lastRead), to, watermark)).sort(Sorts.ascending("_id")).batchSize(pageSize).iterator();
    }

    private Bson profilesFrom(String resumeAfter) {
        if (resumeAfter != null) {
            return Filters.gt("_id", resumeAfter);
        }
        return from == null ? null : Filters.gte("_id", from);
    }

    static Bson filter(Bson lower, String to, Date watermark) {
        List<Bson> terms = new ArrayList<>();
        if (lower != null) {
            terms.add(lower);
        }
        if (to != null) {
            terms.add(Filters.lt("_id", to));
        }
        if (watermark != null) {
            terms.add(Filters.gte(io.consumidor.baseb.profile.ProfileFields.UPDATED_AT, watermark));
        }
        terms.add(ProfileWrites.live());
        return Filters.and(terms);
    }

    @Override
    public RatingCandidate read() {
        if (page.isEmpty()) {
            fill();
        }
        RatingCandidate next = page.poll();
        if (next != null) {
            lastRead = next.profile().get("_id").toString();
        }
        return next;
    }

    private void fill() {
        List<Document> documents = new ArrayList<>(pageSize);
        while (cursor != null && documents.size() < pageSize && cursor.hasNext()) {
            documents.add(cursor.next());
        }
        if (documents.isEmpty()) {
            return;
        }
        Map<String, ActivitySummaries.Values> queries = activity.summarize(documents.stream().map(d -> d.get("_id").toString()).toList(),
                List.of(RECENT_QUERIES), List.of(), asOf);
        documents.forEach(d -> page.add(new RatingCandidate(d, Math.toIntExact(
                queries.getOrDefault(d.get("_id").toString(), ActivitySummaries.Values.NONE).count(RECENT_QUERIES.name())))));
    }

    @Override
    public void update(ExecutionContext context) {
        if (lastRead != null) {
            context.putString(LAST_SUBJECT, lastRead);
        }
    }

    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
        page.clear();
    }

}
