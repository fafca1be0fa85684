package io.consumidor.features.dataset;

import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.features.keys.PseudonymKeysProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.stream.Collectors;

/**
 * The checked dataset definitions and their pseudonym keys as beans, for every app that computes dataset rows or
 * vectors (the export, the query API): {@code datasets.yml} and {@code pseudonym-keys.yml}, which the app's settings
 * import, bound and checked at start-up — a dataset naming a key that is not configured stops the start. Imported,
 * never scanned.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DatasetsProperties.class, PseudonymKeysProperties.class})
public class DatasetsConfiguration {

    @Bean
    PseudonymKeys pseudonymKeys(PseudonymKeysProperties properties) {
        return new PseudonymKeys(properties);
    }

    @Bean
    Datasets datasets(DatasetsProperties definitions, PseudonymKeys keys) {
        return new Datasets(definitions, keys.ids(definitions.datasets().stream()
                .map(DatasetsProperties.Definition::pseudonymKeyId).collect(Collectors.toSet())));
    }
}
