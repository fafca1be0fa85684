package io.consumidor.core.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What "as of a day" means everywhere in the pipeline: the last instant of that day in a time zone (the
 * rating's run date, an export's snapshot date). Millisecond precision, the finest both MongoDB and
 * Elasticsearch store, so a fact at the next midnight is never counted in.
 */
public final class Days {

    /** The zone the pipeline's days are counted in unless configured otherwise. */
    public static final String DEFAULT_ZONE = "America/Sao_Paulo";

    private Days() {
    }

    public static Instant endOf(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
    }
}
