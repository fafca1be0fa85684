package io.consumidor.batch.rating;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Reads one partition's profiles — subjects in {@code [from, to)} — in {@code _id} order through a single
 * server cursor (memory stays one batch, whatever the collection's size). Restart is by key, not by count:
 * the last subject of each committed chunk is saved in the step's execution context and a restarted reader
 * resumes after it, so a profile added or removed meanwhile cannot shift what is skipped. Erasure tombstones
 * are not rated; in incremental mode only profiles updated at or after the watermark are read.
 */
class ProfileReader implements ItemStreamReader<Document> {

    static final String LAST_SUBJECT = "rating.lastSubject";

    private final MongoCollection<Document> profiles;
    private final String from;
    private final String to;
    private final Date watermark;
    private final int batchSize;
    private MongoCursor<Document> cursor;
    private String lastRead;

    ProfileReader(MongoCollection<Document> profiles, String from, String to, Date watermark, int batchSize) {
        this.profiles = profiles;
        this.from = from;
        this.to = to;
        this.watermark = watermark;
        this.batchSize = batchSize;
    }

    @Override
    public void open(ExecutionContext context) {
        lastRead = context.containsKey(LAST_SUBJECT) ? context.getString(LAST_SUBJECT) : null;
        cursor = profiles.find(filter(profilesFrom(lastRead), to, watermark)).sort(Sorts.ascending("_id")).batchSize(batchSize).iterator();
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
            terms.add(Filters.gte("updatedAt", watermark));
        }
        terms.add(Filters.exists("erased", false));
        return Filters.and(terms);
    }

    @Override
    public Document read() {
        if (cursor != null && cursor.hasNext()) {
            Document next = cursor.next();
            lastRead = next.get("_id").toString();
            return next;
        }
        return null;
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
    }
}
