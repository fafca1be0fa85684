package io.consumidor.query.features;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One consumer's feature vector of a dataset as of {@code asOf}: the values a model trained on the dataset's
 * files is fed, by column name, computed by the code that writes those files.
 *
 * @param definitionHash the dataset definition the values were computed by (the manifest's {@code definitionHash}:
 *                       a model trained on a run of another definition should not be fed these)
 * @param asOf           T: the instant the features are as of (the lookup's)
 * @param population     null when the consumer is inside the dataset's population at T; otherwise why not
 *                       ({@code no-exposure}, {@code bad-at-observation}): a model trained on the dataset never saw such a
 *                       consumer, and scoring one is the lender's decision
 * @param features       every feature column, in file order; null where the dataset's files have null (see each
 *                       column's null meaning) or where a store did not answer
 * @param lineage        the lineage columns (model versions, rating time, Base C coverage): to audit with, not to fit on
 * @param unavailable    the columns a store did not answer for (null in the maps, but not "no data": ask again)
 */
public record FeatureVector(String dataset, int version, String definitionHash, Instant asOf, String population,
                            Map<String, Object> features, Map<String, Object> lineage, List<String> unavailable) {
}
