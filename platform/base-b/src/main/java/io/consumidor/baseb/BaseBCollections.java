package io.consumidor.baseb;

import java.util.List;

/**
 * The collections of Base B, declared once. Every one of them except {@link #PROFILES} is subject-keyed by a
 * top-level {@link #SUBJECT} field — the convention erasure relies on to forget a subject in every
 * collection, including ones added later ({@code SubjectErasure} deletes by it in every collection there is).
 */
public final class BaseBCollections {

    /** Current state: one document per subject ({@code _id} = subject), made of fact groups. */
    public static final String PROFILES = "profiles";
    /** Every fact update the router accepted, with when it was true and when Base B learned it. */
    public static final String PROFILE_HISTORY = "profileHistory";
    /** The current rating per subject ({@code _id} = subject). */
    public static final String RATINGS = "ratings";
    /** One document per change of a subject's rating. */
    public static final String RATING_HISTORY = "ratingHistory";
    /** Profiles the rating job could not rate, with the reason. */
    public static final String RATING_SKIPS = "ratingSkips";

    /**
     * Which subjects were erased and when ({@code _id} = subject, no {@link #SUBJECT} field, so
     * {@code SubjectErasure} leaves it): what stored datasets are cleaned against. It outlives the tombstones
     * on purpose and is pruned by the dataset erasure sweep once every stored run has been checked past an entry.
     */
    public static final String ERASURE_LEDGER = "erasureLedger";

    /** The subject field every subject-keyed document except a profile carries. */
    public static final String SUBJECT = "subject";

    public static final List<String> ALL = List.of(PROFILES, PROFILE_HISTORY, RATINGS, RATING_HISTORY, RATING_SKIPS);

    private BaseBCollections() {
    }
}
