package io.consumidor.query.summary;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Everything the pipeline knows about one consumer right now, by section; the subject is the consumer's pseudonym. */
public record ConsumerSummary(String subject, Instant answeredAt, Section<Rating> rating, Section<BureauQuery> lastBureauQuery,
                              Section<CardPurchase> lastCardPurchase, Section<BureauQueryCounts> bureauQueries,
                              Section<MovementTotals> movements) {

    public record Rating(int score, String band, List<Reason> reasons, String modelVersion, Instant ratedAt) {
    }

    public record Reason(String code, String text) {
    }

    public record BureauQuery(Instant occurredAt, String bureau, String purpose) {
    }

    public record CardPurchase(Instant occurredAt, BigDecimal amount, String currency, String merchantCategory) {
    }

    public record BureauQueryCounts(long last30Days, long last90Days, Instant asOf) {
    }

    public record MovementTotals(BigDecimal in30Days, BigDecimal out30Days, BigDecimal in90Days, BigDecimal out90Days, Instant asOf) {
    }
}
