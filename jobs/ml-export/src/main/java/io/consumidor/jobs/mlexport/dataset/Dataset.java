package io.consumidor.jobs.mlexport.dataset;

import io.consumidor.basec.ActivitySummaries.Measure;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.FinancialMovement;
import io.consumidor.jobs.mlexport.parquet.Column;
import io.consumidor.jobs.mlexport.parquet.ColumnType;
import io.consumidor.jobs.mlexport.parquet.DatasetSchema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A checked dataset definition: its features resolved against the catalog, its columns in file order (the key,
 * the snapshot date, profile, rating and activity features, then the label) and a hash of the definition,
 * which the manifest carries so a reader can tell two runs of the same definition from runs of two.
 *
 * @param label absent for a scoring set
 */
public record Dataset(String name, int version, String description, ZoneId zone, String pseudonymKeyId,
                      List<ProfileFeature> profile, List<RatingFeature> rating, List<Integer> activityWindowsDays,
                      List<Integer> bureauQueryWindowsDays, boolean daysSinceLastCardPurchase, Label label) {

    public static final String PSEUDONYM = "pseudonym";
    public static final String SNAPSHOT_DATE = "snapshot_date";
    public static final String LABEL = "label_bad";
    public static final String DAYS_SINCE_LAST_CARD_PURCHASE = "days_since_last_card_purchase";
    private static final String BASE_C = "Base C events (occurredAt and recordedAt <= T)";

    /** @param horizonMonths the performance window (T, T + h] */
    public record Label(String kind, int horizonMonths) {
        public static final String DEFAULT_OR_90_DAYS_OVERDUE = "default-or-90-days-overdue";
    }

    public Dataset {
        profile = List.copyOf(profile);
        rating = List.copyOf(rating);
        activityWindowsDays = List.copyOf(activityWindowsDays);
        bureauQueryWindowsDays = List.copyOf(bureauQueryWindowsDays);
    }

    public boolean labelled() {
        return label != null;
    }

    /** The Base C measures, named as their columns. */
    public List<Measure> measures() {
        List<Measure> measures = new ArrayList<>();
        for (int days : activityWindowsDays) {
            measures.add(new Measure(cardCount(days), EventType.CARD_PURCHASE, null, null, days, null));
            measures.add(new Measure(cardSum(days), EventType.CARD_PURCHASE, null, null, days, CardPurchase.AMOUNT));
            for (FinancialMovement.Direction direction : FinancialMovement.Direction.values()) {
                measures.add(new Measure(movementCount(direction, days), EventType.FINANCIAL_MOVEMENT, FinancialMovement.DIRECTION,
                        direction.name(), days, null));
                measures.add(new Measure(movementSum(direction, days), EventType.FINANCIAL_MOVEMENT, FinancialMovement.DIRECTION,
                        direction.name(), days, FinancialMovement.AMOUNT));
            }
        }
        for (int days : bureauQueryWindowsDays) {
            measures.add(new Measure(bureauQueries(days), EventType.BUREAU_QUERY, null, null, days, null));
        }
        return measures;
    }

    public static String cardCount(int days) {
        return "card_purchases_count_" + days + "d";
    }

    public static String cardSum(int days) {
        return "card_purchases_sum_" + days + "d";
    }

    public static String movementCount(FinancialMovement.Direction direction, int days) {
        return "movements_" + direction.name().toLowerCase() + "_count_" + days + "d";
    }

    public static String movementSum(FinancialMovement.Direction direction, int days) {
        return "movements_" + direction.name().toLowerCase() + "_sum_" + days + "d";
    }

    public static String bureauQueries(int days) {
        return "bureau_queries_" + days + "d";
    }

    public DatasetSchema schema() {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(PSEUDONYM, ColumnType.STRING, false,
                "the consumer's pseudonym in this dataset only: HMAC-SHA-256 under the dataset's key (manifest: pseudonymKeyId), 128 bits, hex",
                "Base B subject, keyed per dataset", ""));
        columns.add(new Column(SNAPSHOT_DATE, ColumnType.DATE, false, "the snapshot date T (features as of its last instant in "
                + zone + ")", "job parameter", ""));
        for (ProfileFeature feature : profile) {
            columns.add(new Column(feature.column(), feature.type(), true, feature.meaning(), feature.source(), "as of T"));
        }
        for (RatingFeature feature : rating) {
            columns.add(new Column(feature.column(), feature.type(), true, feature.meaning(), "Base B ratingHistory (ratedAt <= T)", "as of T"));
        }
        for (int days : activityWindowsDays) {
            String window = "(T - " + days + " days, T]";
            columns.add(new Column(cardCount(days), ColumnType.LONG, false, "card purchases", BASE_C + ", card.purchase", window));
            columns.add(new Column(cardSum(days), ColumnType.MONEY, false, "their total amount, BRL", BASE_C + ", card.purchase", window));
            for (FinancialMovement.Direction direction : FinancialMovement.Direction.values()) {
                String way = direction == FinancialMovement.Direction.IN ? "into" : "out of";
                columns.add(new Column(movementCount(direction, days), ColumnType.LONG, false, "movements " + way + " the consumer's accounts",
                        BASE_C + ", financial.movement", window));
                columns.add(new Column(movementSum(direction, days), ColumnType.MONEY, false, "their total amount, BRL",
                        BASE_C + ", financial.movement", window));
            }
        }
        if (daysSinceLastCardPurchase) {
            columns.add(new Column(DAYS_SINCE_LAST_CARD_PURCHASE, ColumnType.INT, true,
                    "whole days from the newest card purchase to T (null: none by T)", BASE_C + ", card.purchase", "up to T"));
        }
        for (int days : bureauQueryWindowsDays) {
            columns.add(new Column(bureauQueries(days), ColumnType.LONG, false, "bureau queries about the consumer", BASE_C + ", bureau.query",
                    "(T - " + days + " days, T]"));
        }
        if (labelled()) {
            columns.add(new Column(LABEL, ColumnType.INT, false, "1 when a debt was in default or 90+ days overdue at some day of the"
                    + " performance window, else 0; right-censored rows are not exported", "Base B profileHistory, group debtSummary (occurredAt in the window)",
                    "(T, T + " + label.horizonMonths() + " months]"));
        }
        return new DatasetSchema(name, version, columns);
    }

    /** SHA-256 (hex) of the definition as resolved: what the manifest names the definition by. */
    public String definitionHash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
