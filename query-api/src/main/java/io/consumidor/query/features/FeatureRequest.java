package io.consumidor.query.features;

import io.consumidor.query.summary.SummaryRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A feature lookup: the CPF in the body (never in a URL), the dataset whose features are wanted (its name in
 * {@code datasets.yml}) and the purpose, recorded with the lookup as a summary's is.
 */
public record FeatureRequest(@NotBlank String cpf,
                             @NotBlank @Size(max = 64) @Pattern(regexp = DATASET, message = DATASET_RULE) String dataset,
                             @NotBlank @Size(max = 64) @Pattern(regexp = SummaryRequest.PURPOSE, message = SummaryRequest.PURPOSE_RULE) String purpose) {

    static final String DATASET = "[a-z0-9][a-z0-9-]{0,63}";
    static final String DATASET_RULE = "must be a dataset name such as credit-default-12m";

    @Override
    public String toString() {
        return "FeatureRequest[dataset=" + dataset + ", purpose=" + purpose + "]"; // never the CPF
    }
}
