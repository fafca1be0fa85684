package io.consumidor.features.dataset;

import io.consumidor.configerrors.ConfigFile;
import io.consumidor.core.time.Days;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.math.BigDecimal;
import java.util.List;

/**
 * The dataset definitions as written in {@code datasets.yml} ({@code consumidor.ml-export.datasets}). Field
 * checks here; the feature names, label and key id are checked against the catalog by {@link Datasets} at
 * start-up, with a message naming the dataset and the field.
 */
@Validated
@ConfigurationProperties("consumidor.ml-export")
@ConfigFile("datasets.yml")
public record DatasetsProperties(@NotEmpty List<@Valid Definition> datasets) {

    /**
     * @param name           the dataset's name in S3 and on the command line
     * @param version        bump it whenever columns or their meaning change; it is in the manifest and footer
     * @param description    one line for {@code export list} and the manifest
     * @param zone           the zone a snapshot date is a day of (T = that day's last instant there)
     * @param pseudonymKeyId which key of {@code consumidor.pseudonym-keys.keys} pseudonymises the subjects
     * @param features       the columns besides the key and the label
     * @param population     who is in at T (a training set's default: a debt unsettled at T, not bad at T); a scoring
     *                       set without one holds everyone known at T
     * @param label          the outcome to learn, or absent for a scoring set
     */
    public record Definition(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String name,
            @Min(1) int version,
            @NotBlank String description,
            @NotBlank @DefaultValue(Days.DEFAULT_ZONE) String zone,
            @NotBlank String pseudonymKeyId,
            @NotNull @Valid Features features,
            @Valid Population population,
            @Valid Label label) {
    }

    /**
     * @param exposureWithinMonths    0: in when a debt is unsettled at T; N: at some instant of the N months up to T
     * @param excludeBadAtObservation out when already bad at T (by the label's rule), counted as badAtObservation
     */
    public record Population(@DefaultValue("0") @Min(0) @Max(60) int exposureWithinMonths,
                             @DefaultValue("true") boolean excludeBadAtObservation) {
    }

    /**
     * @param profile             Base B profile features as of T, by catalog name
     * @param rating              rating-as-of-T features, by catalog name
     * @param activityWindowsDays windows (days before T) of the card-purchase and movement counts and sums
     * @param bureauQueryWindowsDays windows of the bureau-query counts
     * @param bureauQueryPurposes    purposes (as lookups declare them) counted apart, over the same windows
     * @param daysSinceLastCardPurchase whether to add that column
     * @param incomeKinds         one-hot columns of the kinds of income received at T
     * @param scoreAtT            the current scorecard applied to what was known at T
     * @param coverage            the {@code base_c_coverage_days} column
     * @param creditHistory       the delinquency-history family, absent for none
     */
    public record Features(
            @DefaultValue List<String> profile,
            @DefaultValue List<String> rating,
            @DefaultValue List<@Min(1) @Max(3660) Integer> activityWindowsDays,
            @DefaultValue List<@Min(1) @Max(3660) Integer> bureauQueryWindowsDays,
            @DefaultValue List<@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String> bureauQueryPurposes,
            @DefaultValue("false") boolean daysSinceLastCardPurchase,
            @DefaultValue("false") boolean incomeKinds,
            @DefaultValue("false") boolean scoreAtT,
            @DefaultValue("false") boolean coverage,
            @Valid CreditHistory creditHistory) {
    }

    /**
     * @param pastDueDays        thresholds of the "times N+ days past due" counts
     * @param pastDueMonths      their windows
     * @param worstMonths        the window of the worst days past due
     * @param registeredMonths   windows of the debts-registered counts
     * @param renegotiationMonths the window of the renegotiations count
     * @param balanceMonths      how far back the balance trend compares
     */
    public record CreditHistory(
            @DefaultValue({"30", "60", "90"}) List<@Min(1) @Max(3660) Integer> pastDueDays,
            @DefaultValue({"6", "12", "24"}) List<@Min(1) @Max(120) Integer> pastDueMonths,
            @DefaultValue("12") @Min(1) @Max(120) int worstMonths,
            @DefaultValue({"3", "6", "12"}) List<@Min(1) @Max(120) Integer> registeredMonths,
            @DefaultValue("12") @Min(1) @Max(120) int renegotiationMonths,
            @DefaultValue({"3", "6"}) List<@Min(1) @Max(120) Integer> balanceMonths) {
    }

    /**
     * @param kind               the outcome; {@code default-or-90-days-overdue} is the one there is
     * @param horizonMonths      the performance window (T, T + h]
     * @param badDaysPastDue     days past due from which a debt is bad
     * @param materiality        BRL: a default or an overdue amount below it does not make a consumer bad
     * @param renegotiation      {@code bad}: a renegotiation registered in the window is bad (a distressed restructuring);
     *                           {@code cures}: it is not, and the renegotiated debt counts by its own due date
     * @param maturityBufferDays days after the window's end for late reports before a label is final
     * @param incomplete         {@code refuse}: an export before the label is final is refused, naming the first day it
     *                           can run; {@code keep}: it runs, every row unlabelled with {@code label_status} open
     */
    public record Label(@NotBlank String kind, @Min(1) @Max(60) int horizonMonths,
                        @DefaultValue("90") @Min(1) @Max(3660) int badDaysPastDue,
                        @DefaultValue("0") @NotNull @DecimalMin("0") BigDecimal materiality,
                        @DefaultValue("bad") @NotNull Dataset.Renegotiation renegotiation,
                        @DefaultValue("60") @Min(0) @Max(3660) int maturityBufferDays,
                        @DefaultValue("refuse") @NotNull Dataset.Incomplete incomplete) {
    }
}
