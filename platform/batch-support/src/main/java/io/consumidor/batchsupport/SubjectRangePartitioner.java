package io.consumidor.batchsupport;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the subjects into {@code gridSize} contiguous ranges by the subject's hex digits. A subject is
 * {@code <keyId>_<64 hex digits>}, an HMAC, so its digits are uniform and a range of them is a fixed share of the
 * consumers: the bounds are computed, not measured — no count and no skip over the profiles, which on 200 million
 * documents would cost the manager minutes before the first partition is sent. The only reads are one index seek per
 * key id in use (several coexist during a key rotation): each key id's subjects get their own {@code gridSize} ranges.
 *
 * <p>A partition is {@code [from, to)} over {@code _id} in its execution context — all a worker in another process
 * needs, and no personal data. The ranges cover the whole {@code _id} space with no gap (the first is open below, the
 * last open above), so a subject written after the split is still read by exactly one partition. Partition names are
 * {@code subjects-<i>}, in subject order, so {@link #index} gives a partition's ordinal (the ML export's file number).
 */
public final class SubjectRangePartitioner implements Partitioner {

    /** The partition's first subject (inclusive); absent for the first partition. */
    public static final String FROM = "partition.from";
    /** The next partition's first subject (exclusive); absent for the last partition. */
    public static final String TO = "partition.to";

    /** Bound precision: 8 hex digits, 2^32 positions, far finer than any grid. */
    private static final long SPACE = 1L << 32;
    /** Sorts after every hex digit: {@code <keyId>_g} is past all of that key id's subjects, before the next key id's. */
    private static final String PAST_HEX = "g";
    private static final java.util.regex.Pattern SUBJECT = java.util.regex.Pattern.compile("[a-z0-9-]{1,16}_[0-9a-f]{64}");

    private final MongoCollection<Document> profiles;

    public SubjectRangePartitioner(MongoCollection<Document> profiles) {
        this.profiles = profiles;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<String> keyIds = keyIds();
        List<String> bounds = new ArrayList<>();
        for (int k = 0; k < keyIds.size(); k++) {
            for (int i = 0; i < gridSize; i++) {
                if (k > 0 || i > 0) {
                    bounds.add(keyIds.get(k) + "_" + String.format("%08x", SPACE * i / gridSize));
                }
            }
        }
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i <= bounds.size(); i++) {
            ExecutionContext context = new ExecutionContext();
            if (i > 0) {
                context.putString(FROM, bounds.get(i - 1));
            }
            if (i < bounds.size()) {
                context.putString(TO, bounds.get(i));
            }
            partitions.put("subjects-" + i, context);
        }
        return partitions;
    }

    /**
     * The key ids in use, in {@code _id} order: each is found by one seek past the previous one's subjects. Subjects
     * of one key id are contiguous in {@code _id} order, since key ids hold no {@code _}.
     */
    List<String> keyIds() {
        List<String> keyIds = new ArrayList<>();
        Bson after = null;
        while (true) {
            Document next = (after == null ? profiles.find() : profiles.find(after)).projection(Projections.include("_id"))
                    .sort(Sorts.ascending("_id")).limit(1).first();
            if (next == null) {
                return keyIds;
            }
            String id = next.get("_id").toString();
            if (!SUBJECT.matcher(id).matches()) {
                return keyIds; // not a subject: nothing more to split by (the last range, open above, still reads it)
            }
            String keyId = id.substring(0, id.indexOf('_'));
            keyIds.add(keyId);
            after = Filters.gte("_id", keyId + "_" + PAST_HEX);
        }
    }

    /** The ordinal of a partition from its step name ({@code worker:subjects-3} → 3). */
    public static int index(String stepName) {
        return Integer.parseInt(stepName.substring(stepName.lastIndexOf('-') + 1));
    }
}
