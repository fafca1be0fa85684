package io.consumidor.jobs.mlexport.dataset;

import io.consumidor.configerrors.ConfigFile;
import io.consumidor.core.time.Days;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
     * @param pseudonymKeyId which key of {@code consumidor.ml-export.keys} pseudonymises the subjects
     * @param features       the columns besides the key and the label
     * @param label          the outcome to learn, or absent for a scoring set
     */
    public record Definition(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String name,
            @Min(1) int version,
            @NotBlank String description,
            @NotBlank @DefaultValue(Days.DEFAULT_ZONE) String zone,
            @NotBlank String pseudonymKeyId,
            @NotNull @Valid Features features,
            @Valid Label label) {
    }

    /**
     * @param profile             Base B profile features as of T, by catalog name
     * @param rating              rating-as-of-T features, by catalog name
     * @param activityWindowsDays windows (days before T) of the card-purchase and movement counts and sums
     * @param bureauQueryWindowsDays windows of the bureau-query counts
     * @param daysSinceLastCardPurchase whether to add that column
     */
    public record Features(
            @DefaultValue List<String> profile,
            @DefaultValue List<String> rating,
            @DefaultValue List<@Min(1) @Max(3660) Integer> activityWindowsDays,
            @DefaultValue List<@Min(1) @Max(3660) Integer> bureauQueryWindowsDays,
            @DefaultValue("false") boolean daysSinceLastCardPurchase) {
    }

    /**
     * @param kind          the outcome; {@code default-or-90-days-overdue} is the one there is
     * @param horizonMonths the performance window (T, T + h]
     */
    public record Label(@NotBlank String kind, @Min(1) @Max(60) int horizonMonths) {
    }
}
