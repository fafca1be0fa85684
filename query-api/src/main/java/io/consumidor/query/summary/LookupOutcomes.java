package io.consumidor.query.summary;

import io.consumidor.core.cpf.InvalidCpfException;
import io.consumidor.query.load.BusyException;
import io.consumidor.query.web.InvalidRequestException;

/**
 * What became of a lookup, as its audit line and its timer name it: the outcome of a failure by its kind. Shared by
 * the summary and the feature vector, so the two endpoints' audit lines and meters read alike.
 */
public final class LookupOutcomes {

    private LookupOutcomes() {
    }

    /** The outcome of a lookup that ended with {@code failure}. */
    public static String of(RuntimeException failure) {
        if (failure instanceof InvalidCpfException || failure instanceof InvalidRequestException) {
            return "invalid";
        }
        if (failure instanceof SummaryService.NotFoundException) {
            return "not-found";
        }
        if (failure instanceof SummaryService.UndecidableException) {
            return "undecidable";
        }
        if (failure instanceof NotRecordedException) {
            return "not-recorded";
        }
        if (failure instanceof BusyException) {
            return "busy";
        }
        return "error";
    }
}
