package io.consumidor.configerrors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import java.util.stream.Collectors;

/**
 * A {@link ConfigFile}'s record (or a record nested in it) that does not bind or validate: the file, then every property at fault with
 * its reason (and, where the value is in the file, its line). Runs before Spring Boot's own analyzer, which
 * names the property but not the file.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConfigFileBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        Class<?> type = cause.getTarget() == null || cause.getTarget().getType() == null ? null
                : cause.getTarget().getType().resolve();
        ConfigFile file = null;
        // A nested entry's type (a route of the routes record) is declared inside the annotated record.
        for (Class<?> t = type; t != null && file == null; t = t.getEnclosingClass()) {
            file = t.getAnnotation(ConfigFile.class);
        }
        if (file == null) {
            return null;
        }
        String problems;
        if (cause.getCause() instanceof BindValidationException validation) {
            problems = validation.getValidationErrors().getAllErrors().stream().map(error -> describe(cause, error))
                    .collect(Collectors.joining("\n    ", "\n    ", ""));
        } else {
            String reason = cause.getCause() == null ? "cannot be read" : cause.getCause().getMessage();
            problems = "\n    " + cause.getName() + ": " + reason + where(cause.getProperty() == null ? null : cause.getProperty().getOrigin());
        }
        return new FailureAnalysis("The configuration file " + file.value() + " is invalid:" + problems,
                "Correct " + file.value() + " and start again; its module README describes every entry and field.", cause);
    }

    private static String describe(BindException cause, ObjectError error) {
        String property = error instanceof FieldError field ? cause.getName() + "." + field.getField() : error.getObjectName();
        Origin origin = error instanceof org.springframework.boot.origin.OriginProvider provider ? provider.getOrigin() : null;
        return property + ": " + error.getDefaultMessage() + where(origin);
    }

    private static String where(Origin origin) {
        return origin == null ? "" : " (" + origin + ")";
    }
}
