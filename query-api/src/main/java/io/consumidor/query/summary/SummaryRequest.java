package io.consumidor.query.summary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A lookup: the CPF travels in the body, never in a URL (proxies and access logs keep URLs), and the purpose is
 * required — it is recorded with the lookup, as the consumer's "who looked at my data" shows it.
 */
public record SummaryRequest(@NotBlank String cpf,
                             @NotBlank @Size(max = 64) @Pattern(regexp = PURPOSE, message = PURPOSE_RULE) String purpose) {

    /** A lookup's purpose, wherever one is asked for (the summary, a subject's events). */
    public static final String PURPOSE = "[a-z0-9][a-z0-9-]{0,63}";
    public static final String PURPOSE_RULE = "must be a lower-case label such as credit-analysis";

    @Override
    public String toString() {
        return "SummaryRequest[purpose=" + purpose + "]"; // never the CPF
    }
}
