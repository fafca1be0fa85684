package io.consumidor.baseb.profile;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.consumidor.core.event.EventType;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * How a fact or an erasure is written to {@code profiles} so that any delivery order ends in the same
 * document. Every write is a guarded update of one document, atomic on MongoDB and on mongo-java-server
 * alike (no transactions, no pipeline updates):
 * <ul>
 *   <li>a fact replaces its group only when its {@code sourceVersion} is higher than the group's, and only
 *       when no erasure covers it (an older Base A version, or a producer fact that occurred before it);</li>
 *   <li>an erasure first stamps the document ({@link #erasureStamp}) — from then on older facts are turned
 *       away — and then removes every group it covers ({@link #removeCovered}); groups newer than the erasure
 *       (a consumer registered again in Base A after it) stay.</li>
 * </ul>
 * The guard is in the filter, so an upsert whose filter misses an existing document hits its {@code _id}: a
 * duplicate key, which means "stale" — or a concurrent first insert, which the caller re-checks once as a
 * plain update ({@code upsert = false}).
 */
public final class ProfileWrites {

    private ProfileWrites() {
    }

    public static UpdateOneModel<Document> merge(String subject, ProfileGroup group, Fact<?> fact, Instant now, boolean upsert) {
        String name = group.fieldName();
        Bson filter = Filters.and(Filters.eq("_id", subject),
                Filters.or(Filters.exists(name, false), Filters.lt(name + "." + ProfileFields.SOURCE_VERSION, fact.sourceVersion())),
                notCoveredByErasure(group, fact));
        Bson update = Updates.combine(Updates.set(name, ProfileCodec.group(group, fact)),
                Updates.set(ProfileFields.UPDATED_AT, Date.from(now)));
        return new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(upsert));
    }

    private static Bson notCoveredByErasure(ProfileGroup group, Fact<?> fact) {
        String erasure = ProfileFields.ERASURE;
        Bson older = group.origin() == EventType.Origin.BASE_A
                ? Filters.lt(erasure + "." + ProfileFields.SOURCE_VERSION, fact.sourceVersion())
                : Filters.lt(erasure + "." + ProfileFields.OCCURRED_AT, Date.from(fact.occurredAt()));
        return Filters.or(Filters.exists(erasure, false), older);
    }

    /** Step 1 of an erasure: stamp it, unless a newer erasure is stamped already. */
    public static UpdateOneModel<Document> erasureStamp(String subject, Erasure erasure, Instant now, boolean upsert) {
        String name = ProfileFields.ERASURE;
        Bson filter = Filters.and(Filters.eq("_id", subject),
                Filters.or(Filters.exists(name, false), Filters.lt(name + "." + ProfileFields.SOURCE_VERSION, erasure.sourceVersion())));
        return new UpdateOneModel<>(filter, Updates.combine(Updates.set(name, ProfileCodec.erasure(erasure)),
                Updates.set(ProfileFields.UPDATED_AT, Date.from(now))), new UpdateOptions().upsert(upsert));
    }

    /** Step 2 of an erasure: remove each group the erasure covers (run after {@link #erasureStamp}). */
    public static List<UpdateOneModel<Document>> removeCovered(String subject, Erasure erasure, Instant now) {
        return Arrays.stream(ProfileGroup.values()).map(group -> {
            String name = group.fieldName();
            Bson covered = group.origin() == EventType.Origin.BASE_A
                    ? Filters.lte(name + "." + ProfileFields.SOURCE_VERSION, erasure.sourceVersion())
                    : Filters.lte(name + "." + ProfileFields.OCCURRED_AT, Date.from(erasure.occurredAt()));
            return new UpdateOneModel<Document>(Filters.and(Filters.eq("_id", subject), covered),
                    Updates.combine(Updates.unset(name), Updates.set(ProfileFields.UPDATED_AT, Date.from(now))));
        }).toList();
    }

    /** Documents holding no fact: erasure tombstones. */
    public static Bson tombstone() {
        return Filters.and(Arrays.stream(ProfileGroup.values()).map(g -> Filters.exists(g.fieldName(), false)).toList());
    }

    /** Documents holding at least one fact: not erasure tombstones. */
    public static Bson live() {
        return Filters.or(Arrays.stream(ProfileGroup.values()).map(g -> Filters.exists(g.fieldName(), true)).toList());
    }
}
