package io.consumidor.binder.sqs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.stream.binder.AbstractExtendedBindingProperties;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

import java.util.Map;

/** {@code spring.cloud.stream.sqs.bindings.*}, with defaults for every binding under {@code spring.cloud.stream.sqs.default}. */
@ConfigurationProperties("spring.cloud.stream.sqs")
public class SqsExtendedBindingProperties
        extends AbstractExtendedBindingProperties<SqsConsumerProperties, SqsProducerProperties, SqsBindingProperties> {

    static final String DEFAULTS_PREFIX = "spring.cloud.stream.sqs.default";

    @Override
    public String getDefaultsPrefix() {
        return DEFAULTS_PREFIX;
    }

    @Override
    public Map<String, SqsBindingProperties> getBindings() {
        return doGetBindings();
    }

    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
        return SqsBindingProperties.class;
    }
}
