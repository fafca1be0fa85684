package io.consumidor.batchsupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.testsupport.TestStack;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hex-prefix partitioner on the local MongoDB server: ranges computed from the subject's digits, one set per key id
 * in use, covering every subject exactly once — also one written after the split — with shares near {@code 1/grid}.
 */
class SubjectRangePartitionerIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoClient client = MongoClients.create(TestStack.env().mongoUri());
    private final MongoDatabase database = client.getDatabase("partitioner_" + UUID.randomUUID().toString().substring(0, 8));
    private final MongoCollection<Document> profiles = database.getCollection("profiles");

    @AfterEach
    void tearDown() {
        database.drop();
        client.close();
    }

    @Test
    void everySubjectFallsInExactlyOneRangeWithSharesNearOneOverTheGrid() {
        insert("k1", 4000);
        Map<String, ExecutionContext> partitions = new SubjectRangePartitioner(profiles).partition(8);

        assertThat(partitions).hasSize(8);
        assertThat(partitions.get("subjects-0").containsKey(SubjectRangePartitioner.FROM)).as("the first is open below").isFalse();
        assertThat(partitions.get("subjects-7").containsKey(SubjectRangePartitioner.TO)).as("the last is open above").isFalse();
        assertThat(partitions.get("subjects-4").getString(SubjectRangePartitioner.FROM)).as("computed, not measured").isEqualTo("k1_80000000");
        insert("k1", 1); // written after the split: still in one range
        long total = 0;
        for (ExecutionContext range : partitions.values()) {
            long in = profiles.countDocuments(filter(range));
            assertThat(in).as("about an eighth").isBetween(350L, 650L);
            total += in;
        }
        assertThat(total).as("each subject once").isEqualTo(4001);
    }

    @Test
    void eachKeyIdInUseGetsItsOwnRangesAndNothingFallsBetween() {
        insert("k1", 600);
        insert("k2-new", 300);
        insert("k10", 200);
        Map<String, ExecutionContext> partitions = new SubjectRangePartitioner(profiles).partition(3);

        assertThat(partitions).hasSize(9);
        long total = partitions.values().stream().mapToLong(range -> profiles.countDocuments(filter(range))).sum();
        assertThat(total).isEqualTo(1100);
        for (int i = 1; i < partitions.size(); i++) {
            assertThat(partitions.get("subjects-" + i).getString(SubjectRangePartitioner.FROM)).as("contiguous")
                    .isEqualTo(partitions.get("subjects-" + (i - 1)).getString(SubjectRangePartitioner.TO));
        }
    }

    @Test
    void anEmptyStoreIsOneUnboundedPartition() {
        Map<String, ExecutionContext> partitions = new SubjectRangePartitioner(profiles).partition(4);
        assertThat(partitions).containsOnlyKeys("subjects-0");
        assertThat(partitions.get("subjects-0").isEmpty()).isTrue();
        assertThat(SubjectRangePartitioner.index("exportWorker:subjects-0")).isZero();
    }

    private Bson filter(ExecutionContext range) {
        List<Bson> bounds = new ArrayList<>();
        if (range.containsKey(SubjectRangePartitioner.FROM)) {
            bounds.add(Filters.gte("_id", range.getString(SubjectRangePartitioner.FROM)));
        }
        if (range.containsKey(SubjectRangePartitioner.TO)) {
            bounds.add(Filters.lt("_id", range.getString(SubjectRangePartitioner.TO)));
        }
        return bounds.isEmpty() ? new Document() : Filters.and(bounds);
    }

    private void insert(String keyId, int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] digest = new byte[32];
            RANDOM.nextBytes(digest);
            documents.add(new Document("_id", keyId + "_" + HexFormat.of().formatHex(digest)));
        }
        profiles.insertMany(documents);
    }
}
