package io.consumidor.configerrors;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the file a {@code @ConfigurationProperties} record is read from ({@code routes.yml}), so a binding or
 * validation failure is reported with the file as well as the property — an absent field has no origin Spring
 * Boot could show.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ConfigFile {

    /** The file as users know it, e.g. {@code routes.yml} (set with {@code ROUTES_FILE}). */
    String value();
}
