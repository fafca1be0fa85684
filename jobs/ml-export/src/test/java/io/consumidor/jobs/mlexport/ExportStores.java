package io.consumidor.jobs.mlexport;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import org.junit.jupiter.api.AfterAll;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;

/**
 * What the export's integration tests share: the job and the stores it reads and writes, each test's own (the
 * class's MongoDB database, Elasticsearch namespace and S3 prefix, never the pipeline's), and a way to empty them.
 */
abstract class ExportStores {

    @Autowired JobOperator operator;
    @Autowired Job mlTrainingExport;
    @Autowired MongoTemplate mongo;
    @Autowired ElasticsearchClient elasticsearch;
    @Autowired BaseCIndices indices;
    @Autowired DatasetStore store;
    @Autowired Datasets datasets;

    /** Base B's database, Base C's namespace and the dataset folder emptied; returns Base B's database. */
    MongoDatabase emptyStores() throws IOException {
        MongoDatabase db = mongo.getDb();
        db.drop();
        IndexTemplates.dropNamespace(elasticsearch, indices);
        store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(store.prefix() + "/")).contents()
                .forEach(o -> store.delete(o.key()));
        return db;
    }

    @AfterAll
    static void dropDatabase(@Autowired MongoTemplate mongo) {
        mongo.getDb().drop();
    }
}
