package io.consumidor.jobs.rating;

import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileWrites;
import io.consumidor.batchsupport.SourceNotReady;
import com.mongodb.client.MongoDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The first step of {@code ratingRecompute}: whether Base B still holds the consumers it was rated for. The
 * baseline is Base B's own {@code ratings} collection — one current rating per subject rated so far, deleted by
 * erasure with the subject — so it lives and dies with the database it describes: a copy in the job repository
 * would be shared by every Base B that repository has served (tests, a rebuilt store) and compare the wrong ones.
 * Markedly fewer live profiles than ratings ({@code consumidor.batch.rating.max-profile-drop}) means profiles
 * were lost — for example a partial replay — and a run would go on serving the stale ratings of the missing
 * consumers as current, and mark itself the watermark of the next incremental run: refused, naming the source.
 * A Base B emptied whole (ratings gone with it) rates nothing and writes nothing; the export's preflight and
 * {@code ./pipeline up} name that case.
 */
final class RatingPreflight implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RatingPreflight.class);

    private final MongoDatabase baseB;
    private final double maxProfileDrop;

    RatingPreflight(MongoDatabase baseB, double maxProfileDrop) {
        this.baseB = baseB;
        this.maxProfileDrop = maxProfileDrop;
    }


    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long rated = baseB.getCollection(BaseBCollections.RATINGS).countDocuments();
        long live = baseB.getCollection(BaseBCollections.PROFILES).countDocuments(ProfileWrites.live());
        if (live < (1 - maxProfileDrop) * rated) {
            throw new SourceNotReady("Base B holds " + live + " live profiles but " + rated + " consumers hold a current rating — more than "
                    + Math.round(100 * maxProfileDrop) + " % of the rated consumers have no profile: Base B lost profiles. Run"
                    + " ./pipeline replay base-b to restore the current profiles, then rate; or raise"
                    + " consumidor.batch.rating.max-profile-drop if the consumers really left");
        }
        if (live == 0) {
            log.warn("Base B holds no live profile: nothing to rate");
        }
        contribution.getStepExecution().getExecutionContext().putLong("rating.liveProfiles", live);
        return RepeatStatus.FINISHED;
    }
}
