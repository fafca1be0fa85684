package io.consumidor.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.consumidor.testsupport.StackEnv;
import io.consumidor.testsupport.TestStack;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ElasticsearchStackIT {

    private final StackEnv stack = TestStack.env();
    private final RestClient restClient = ElasticsearchClients.restClient(new ElasticsearchProperties(
            List.of(URI.create(stack.elasticsearchUrl())), null, null, Duration.ofSeconds(2), Duration.ofSeconds(30)));
    private final ElasticsearchClient es = ElasticsearchClients.client(restClient);
    private final String index = "smoke-" + UUID.randomUUID();

    @AfterEach
    void deleteIndexAndClose() throws Exception {
        es.indices().delete(d -> d.index(index).ignoreUnavailable(true));
        restClient.close();
    }

    @Test
    void bulkIndexThenTermQueryWithTermsAggregation() throws Exception {
        es.indices().create(c -> c.index(index).mappings(m -> m
                .properties("kind", p -> p.keyword(k -> k))
                .properties("merchant", p -> p.keyword(k -> k))
                .properties("amount", p -> p.double_(d -> d))));
        List<Map<String, Object>> docs = List.of(
                Map.of("kind", "card.purchase", "merchant", "grocery", "amount", 10.5),
                Map.of("kind", "card.purchase", "merchant", "grocery", "amount", 22.0),
                Map.of("kind", "card.purchase", "merchant", "fuel", "amount", 80.0),
                Map.of("kind", "bureau.query", "merchant", "none", "amount", 0));

        BulkResponse bulk = es.bulk(b -> {
            for (int i = 0; i < docs.size(); i++) {
                String id = "e-" + i;
                Map<String, Object> doc = docs.get(i);
                b.operations(op -> op.index(ix -> ix.index(index).id(id).document(doc)));
            }
            return b.refresh(Refresh.True);
        });
        SearchResponse<Map> found = es.search(s -> s.index(index).size(10)
                .query(q -> q.term(t -> t.field("kind").value("card.purchase")))
                .aggregations("by_merchant", a -> a.terms(t -> t.field("merchant"))), Map.class);

        assertThat(bulk.errors()).isFalse();
        assertThat(found.hits().total().value()).isEqualTo(3);
        List<StringTermsBucket> buckets = found.aggregations().get("by_merchant").sterms().buckets().array();
        assertThat(buckets).extracting(bucket -> bucket.key().stringValue(), StringTermsBucket::docCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("grocery", 2L), org.assertj.core.groups.Tuple.tuple("fuel", 1L));
    }
}
