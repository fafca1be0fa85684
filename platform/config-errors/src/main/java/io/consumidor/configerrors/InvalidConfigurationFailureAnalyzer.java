package io.consumidor.configerrors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an {@link InvalidConfigurationException} as the start-up failure, in words, instead of a stack trace. */
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis("The configuration file " + cause.file() + " is invalid"
                + (cause.entry().isEmpty() ? "" : " at " + cause.entry()) + ": " + cause.problem(),
                "Correct " + cause.file() + " and start again; its module README describes every entry and field.", cause);
    }
}
