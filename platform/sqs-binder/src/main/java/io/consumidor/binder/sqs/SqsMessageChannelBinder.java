package io.consumidor.binder.sqs;

import org.springframework.cloud.stream.binder.AbstractMessageChannelBinder;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.binder.ExtendedPropertiesBinder;
import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;
import org.springframework.integration.core.MessageProducer;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The Spring Cloud Stream binder for SQS: destinations are queues, consumer groups are not needed (an SQS
 * queue already load-balances among its consumers), partitions become FIFO message groups.
 */
public class SqsMessageChannelBinder
        extends AbstractMessageChannelBinder<ExtendedConsumerProperties<SqsConsumerProperties>,
        ExtendedProducerProperties<SqsProducerProperties>, SqsProvisioner>
        implements ExtendedPropertiesBinder<MessageChannel, SqsConsumerProperties, SqsProducerProperties> {

    private final SqsAsyncClient sqs;
    private final SqsExtendedBindingProperties extendedProperties;

    public SqsMessageChannelBinder(SqsAsyncClient sqs, SqsProvisioner provisioner, SqsExtendedBindingProperties extendedProperties) {
        super(new String[0], provisioner);
        this.sqs = sqs;
        this.extendedProperties = extendedProperties;
    }

    @Override
    protected MessageHandler createProducerMessageHandler(ProducerDestination destination,
                                                          ExtendedProducerProperties<SqsProducerProperties> properties,
                                                          MessageChannel errorChannel) {
        SqsOutboundMessageHandler handler = new SqsOutboundMessageHandler(sqs, (SqsDestination) destination, properties);
        handler.setBeanFactory(getBeanFactory());
        return handler;
    }

    @Override
    protected MessageProducer createConsumerEndpoint(ConsumerDestination destination, String group,
                                                     ExtendedConsumerProperties<SqsConsumerProperties> properties) {
        SqsInboundChannelAdapter adapter = new SqsInboundChannelAdapter(sqs, (SqsDestination) destination, properties);
        adapter.setBeanFactory(getBeanFactory());
        return adapter;
    }

    @Override
    public SqsConsumerProperties getExtendedConsumerProperties(String channelName) {
        return extendedProperties.getExtendedConsumerProperties(channelName);
    }

    @Override
    public SqsProducerProperties getExtendedProducerProperties(String channelName) {
        return extendedProperties.getExtendedProducerProperties(channelName);
    }

    @Override
    public String getDefaultsPrefix() {
        return extendedProperties.getDefaultsPrefix();
    }

    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
        return extendedProperties.getExtendedPropertiesEntryClass();
    }
}
