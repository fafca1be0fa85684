package io.consumidor.binder.sqs.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.stream.config.BindingHandlerAdvise.MappingsProvider;
import org.springframework.context.annotation.Bean;

import java.util.Map;

/** Lets {@code spring.cloud.stream.sqs.default.*} supply defaults to every {@code spring.cloud.stream.sqs.bindings.*}. */
@AutoConfiguration
public class SqsBindingDefaultsConfiguration {

    @Bean
    MappingsProvider sqsExtendedPropertiesDefaultMappingsProvider() {
        return () -> Map.of(ConfigurationPropertyName.of("spring.cloud.stream.sqs"),
                ConfigurationPropertyName.of("spring.cloud.stream.sqs.default"));
    }
}
