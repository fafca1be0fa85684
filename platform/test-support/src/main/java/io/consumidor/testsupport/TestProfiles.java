package io.consumidor.testsupport;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/** Base B profile documents shaped as the stream router writes them, for the job's tests and benchmark. */
public final class TestProfiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestProfiles() {
    }

    public static String subject() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "dev_" + HexFormat.of().formatHex(bytes);
    }

    /** A well-formed profile; {@code i} varies age, income, assets and debts across the scorecard's bins. */
    public static Document profile(String subject, int i) {
        return new Document("_id", subject)
                .append("profile", new Document("birthYear", 1950 + i % 55).append("region", "SP")
                        .append("assets", List.of(new Document("kind", "VEHICLE").append("value", 10_000 * (i % 40)).append("paidOff", i % 3 == 0)))
                        .append("incomeSources", List.of(new Document("kind", "EMPLOYMENT").append("monthlyAmount", 800.0 + 150 * (i % 90))
                                .append("since", (2000 + i % 26) + "-03-01")))
                        .append("seq", 1L))
                .append("debtSummary", debts(i % 7, i % 4, (i * 13) % 240))
                .append("updatedAt", new Date());
    }

    public static Document debts(int open, int defaulted, int daysOverdue) {
        return new Document("openCount", open).append("openTotal", 750.5 * open).append("defaultedCount", Math.min(open, defaulted))
                .append("defaultedTotal", 100.0 * defaulted).append("maxDaysOverdue", daysOverdue).append("seq", 1L);
    }

    public static List<String> insert(MongoCollection<Document> profiles, int count) {
        List<String> subjects = new ArrayList<>(count);
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String subject = subject();
            subjects.add(subject);
            batch.add(profile(subject, i));
            if (batch.size() == 1000) {
                profiles.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            profiles.insertMany(batch);
        }
        return subjects;
    }
}
