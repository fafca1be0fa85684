package io.consumidor.binder.sqs.config;

import io.consumidor.binder.sqs.SqsExtendedBindingProperties;
import io.consumidor.binder.sqs.SqsMessageChannelBinder;
import io.consumidor.binder.sqs.SqsProvisioner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.binder.Binder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The binder's own configuration (named in {@code META-INF/spring.binders}), created in the binder's child
 * context. It uses the application's {@link SqsAsyncClient} — Spring Cloud AWS's auto-configured one — so
 * endpoint, region and credentials are configured once, under {@code spring.cloud.aws.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(Binder.class)
@EnableConfigurationProperties(SqsExtendedBindingProperties.class)
public class SqsBinderConfiguration {

    @Bean
    SqsProvisioner sqsProvisioner(SqsAsyncClient sqs) {
        return new SqsProvisioner(sqs);
    }

    @Bean
    SqsMessageChannelBinder sqsMessageChannelBinder(SqsAsyncClient sqs, SqsProvisioner provisioner,
                                                    SqsExtendedBindingProperties properties) {
        return new SqsMessageChannelBinder(sqs, provisioner, properties);
    }
}
