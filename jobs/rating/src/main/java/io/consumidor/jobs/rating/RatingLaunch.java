package io.consumidor.jobs.rating;

import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileFields;
import io.consumidor.baseb.profile.ProfileWrites;
import io.consumidor.batchsupport.JobLaunch;
import org.bson.conversions.Bson;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;

/**
 * {@code ratingRecompute} for the job CLI: its arguments ({@link RatingJobParameters}) and, for the ETA, how many
 * profiles a run will read — the profiles that are not erasure tombstones and, in an incremental run, were
 * updated since the watermark the run fixed at its start. On a restart it counts the whole range, so the ETA
 * is then an upper bound. The default run date is today in the job's zone, not in UTC: a run at 22:00 in São
 * Paulo rates today, not tomorrow.
 */
class RatingLaunch implements JobLaunch {

    private final MongoTemplate mongo;
    private final ZoneId zone;

    RatingLaunch(MongoTemplate mongo, ZoneId zone) {
        this.mongo = mongo;
        this.zone = zone;
    }

    @Override
    public String job() {
        return RatingJobParameters.JOB;
    }

    @Override
    public JobParameters parameters(Map<String, String> arguments, Clock clock) {
        return RatingJobParameters.of(arguments, LocalDate.now(clock.withZone(zone)));
    }

    @Override
    public String usage() {
        return "[mode=full|incremental] [runDate=yyyy-MM-dd] [run=<label>]";
    }

    @Override
    public String alreadyCompleteHint() {
        return "a new run needs another runDate (or mode, or run=<label>)";
    }

    @Override
    public long estimatedItems(JobExecution execution) {
        if (execution == null) {
            return -1;
        }
        Bson filter = ProfileWrites.live();
        if (execution.getExecutionContext().containsKey(WatermarkListener.WATERMARK)) {
            filter = Filters.and(filter, Filters.gte(ProfileFields.UPDATED_AT,
                    new Date(execution.getExecutionContext().getLong(WatermarkListener.WATERMARK))));
        }
        return mongo.getDb().getCollection(BaseBCollections.PROFILES).countDocuments(filter);
    }
}
