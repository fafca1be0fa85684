package io.consumidor.batchsupport;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the profiles into {@code gridSize} contiguous subject ranges of about equal size. The boundaries are
 * real subjects found at even offsets in {@code _id} order (subjects are uniform HMACs, but several key ids
 * may coexist, so they are measured, not assumed). A partition is just {@code [from, to)} in its execution
 * context: that is all a remote worker would need too. Partition names are {@code subjects-<i>}, in subject
 * order, so {@link #index} gives a partition's ordinal (the ML export's file number).
 */
public final class SubjectRangePartitioner implements Partitioner {

    /** The partition's first subject (inclusive); absent for the first partition. */
    public static final String FROM = "partition.from";
    /** The next partition's first subject (exclusive); absent for the last partition. */
    public static final String TO = "partition.to";

    private final MongoCollection<Document> profiles;

    public SubjectRangePartitioner(MongoCollection<Document> profiles) {
        this.profiles = profiles;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        long count = profiles.countDocuments();
        List<String> bounds = new ArrayList<>();
        for (int i = 1; i < gridSize && count > 0; i++) {
            Document at = profiles.find().projection(Projections.include("_id")).sort(Sorts.ascending("_id"))
                    .skip((int) (count * i / gridSize)).limit(1).first();
            String bound = at == null ? null : at.get("_id").toString();
            if (bound != null && (bounds.isEmpty() || bound.compareTo(bounds.get(bounds.size() - 1)) > 0)) {
                bounds.add(bound);
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

    /** The ordinal of a partition from its step name ({@code worker:subjects-3} → 3). */
    public static int index(String stepName) {
        return Integer.parseInt(stepName.substring(stepName.lastIndexOf('-') + 1));
    }
}
