package io.consumidor.batch.cli;

import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileFields;
import io.consumidor.baseb.profile.ProfileWrites;
import org.bson.conversions.Bson;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Date;

/**
 * How many profiles a rating run will read, for the ETA: the profiles that are not erasure tombstones and, in
 * an incremental run, were updated since the watermark the run fixed at its start. On a restart it counts the
 * whole range, so the ETA is then an upper bound.
 */
@Component
class WorkEstimate {

    private final MongoTemplate mongo;

    WorkEstimate(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    long items(JobExecution execution) {
        if (execution == null) {
            return -1;
        }
        Bson filter = ProfileWrites.live();
        if (execution.getExecutionContext().containsKey("rating.watermark")) {
            filter = Filters.and(filter, Filters.gte(ProfileFields.UPDATED_AT, new Date(execution.getExecutionContext().getLong("rating.watermark"))));
        }
        return mongo.getDb().getCollection(BaseBCollections.PROFILES).countDocuments(filter);
    }
}
