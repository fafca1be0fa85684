package io.consumidor.testsupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoStackIT {

    private final StackEnv stack = TestStack.env();
    private final MongoClient client = MongoClients.create(stack.mongoUri());
    private final MongoTemplate mongo = new MongoTemplate(client, "consumidor");
    private final String collection = "smoke_" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void dropAndClose() {
        mongo.dropCollection(collection);
        client.close();
    }

    @Test
    void unorderedBulkUpsertIsIdempotentAndSortedFindOrders() {
        mongo.indexOps(collection).createIndex(new Index().on("subject", Sort.Direction.ASC).unique());

        for (int delivery = 0; delivery < 2; delivery++) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
            for (String subject : List.of("s-1", "s-2", "s-3")) {
                bulk.upsert(Query.query(Criteria.where("subject").is(subject)),
                        new Update().set("score", 100 * Integer.parseInt(subject.substring(2))));
            }
            bulk.execute();
        }

        List<Document> sorted = mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "score")), Document.class, collection);
        assertThat(sorted).extracting(d -> d.getString("subject")).containsExactly("s-3", "s-2", "s-1");
    }

    /**
     * The local server narrows queries that pin {@code _id} (one value or an {@code $in} list, at the top or in
     * an {@code $and}) through its index; the other conditions, on {@code _id} too, must still apply.
     */
    @Test
    void idPinnedQueriesReturnExactlyWhatTheirConditionsSelect() {
        var raw = client.getDatabase("consumidor").getCollection(collection);
        for (int i = 0; i < 20; i++) {
            raw.insertOne(new Document("_id", String.format("id-%02d", i)).append("n", i).append("even", i % 2 == 0));
        }
        List<String> ids = List.of("id-01", "id-02", "id-03", "id-04", "id-05", "absent");

        assertThat(ids(raw.find(com.mongodb.client.model.Filters.in("_id", ids)))).containsExactly("id-01", "id-02", "id-03", "id-04", "id-05");
        assertThat(ids(raw.find(com.mongodb.client.model.Filters.and(com.mongodb.client.model.Filters.in("_id", ids),
                com.mongodb.client.model.Filters.eq("even", true))))).containsExactly("id-02", "id-04");
        assertThat(ids(raw.find(com.mongodb.client.model.Filters.and(com.mongodb.client.model.Filters.in("_id", ids),
                com.mongodb.client.model.Filters.gt("_id", "id-03"))))).containsExactly("id-04", "id-05");
        assertThat(ids(raw.find(com.mongodb.client.model.Filters.and(com.mongodb.client.model.Filters.eq("_id", "id-07"),
                com.mongodb.client.model.Filters.lt("n", 5))))).isEmpty();
        assertThat(ids(raw.find(com.mongodb.client.model.Filters.and(com.mongodb.client.model.Filters.eq("_id", "id-07"),
                com.mongodb.client.model.Filters.gt("n", 5))))).containsExactly("id-07");
    }

    private static List<String> ids(com.mongodb.client.FindIterable<Document> found) {
        return found.sort(new Document("_id", 1)).map(d -> d.getString("_id")).into(new java.util.ArrayList<>());
    }

    @Test
    void uniqueIndexRejectsASecondDocumentWithTheSameKey() {
        mongo.indexOps(collection).createIndex(new Index().on("subject", Sort.Direction.ASC).unique());
        mongo.insert(new Document("subject", "s-1"), collection);

        assertThatThrownBy(() -> mongo.insert(new Document("subject", "s-1"), collection))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(mongo.count(new Query(), collection)).isEqualTo(1);
    }
}
