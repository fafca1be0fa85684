package io.consumidor.batchsupport.partition;

import io.awspring.cloud.sqs.integration.SqsMessageDrivenChannelAdapter;
import io.awspring.cloud.sqs.integration.SqsMessageHandler;
import io.awspring.cloud.sqs.listener.BackPressureMode;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.awspring.cloud.sqs.support.converter.SqsMessagingMessageConverter;
import io.consumidor.batchsupport.DeploymentProperties;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.support.MessageBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

import javax.sql.DataSource;
import java.net.URI;
import java.time.Duration;

/**
 * The partitioning of every job (imported by {@code JobSupportConfiguration}): {@link PartitionSteps} for the jobs'
 * manager steps; the remote parts, built lazily — only a process that runs a remote partition step or works as a
 * worker ever opens the SQS client — and, in worker mode ({@code consumidor.jobs.worker=true}, set by the job host's
 * {@code worker} command), the queue's listener: Spring Cloud AWS's {@link SqsMessageDrivenChannelAdapter} handing each
 * request to a {@link PartitionWorker}. The sending side is Spring Cloud AWS's {@link SqsMessageHandler} behind a
 * Spring Integration channel, the channel Spring Batch's {@code MessageChannelPartitionHandler} sends to.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PartitioningProperties.class)
public class PartitioningConfiguration {

    /**
     * Spring Integration's infrastructure (channels' evaluation context, its task scheduler), only in a process that
     * sends or takes remote partitions: an app running its jobs on local threads (the scheduler by default) gets none.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${consumidor.jobs.partitioning.mode:local}'.equalsIgnoreCase('remote') or ${consumidor.jobs.worker:false}")
    @EnableIntegration
    static class IntegrationInfrastructure {
    }

    @Bean
    PartitionSteps partitionSteps(JobRepository jobs, PartitioningProperties properties, ObjectProvider<PartitionSteps.RemotePartitioning> remote) {
        return new PartitionSteps(jobs, properties, remote);
    }

    @Bean(destroyMethod = "close")
    @Lazy
    SqsAsyncClient partitionSqs(PartitioningProperties properties) {
        PartitioningProperties.Sqs sqs = properties.sqs();
        SqsAsyncClientBuilder builder = SqsAsyncClient.builder().region(Region.of(sqs.region()))
                .overrideConfiguration(o -> o.apiCallTimeout(sqs.callTimeout()))
                .credentialsProvider(sqs.accessKeyId().isBlank() ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(sqs.accessKeyId(), sqs.secretAccessKey())));
        if (!sqs.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(sqs.endpoint()));
        }
        return builder.build();
    }

    @Bean
    @Lazy
    PartitionQueue partitionQueue(SqsAsyncClient partitionSqs, PartitioningProperties properties, DeploymentProperties deployment) {
        return new PartitionQueue(partitionSqs, Namespace.of(deployment.namespace()).apply(Queues.PARTITION_REQUESTS), properties.sqs().endpoint(),
                properties.sqs().callTimeout());
    }

    @Bean
    @Lazy
    PartitionLeases partitionLeases(DataSource dataSource) {
        return new PartitionLeases(dataSource);
    }

    @Bean
    @Lazy
    PartitionSteps.RemotePartitioning remotePartitioning(JobRepository jobs, SqsAsyncClient partitionSqs, PartitionQueue partitionQueue,
                                                         PartitionLeases partitionLeases, PartitioningProperties properties,
                                                         BeanFactory beanFactory) throws Exception {
        SqsTemplate template = SqsTemplate.builder().sqsAsyncClient(partitionSqs)
                .configureDefaultConverter(c -> c.doNotSendPayloadTypeHeader()).build();
        SqsMessageHandler sender = new SqsMessageHandler(template);
        sender.setQueue(partitionQueue.name());
        sender.setSendTimeout(properties.sqs().callTimeout().toMillis());
        sender.setBeanFactory(beanFactory);
        sender.afterPropertiesSet();
        DirectChannel requests = new DirectChannel();
        requests.setBeanFactory(beanFactory);
        requests.afterPropertiesSet();
        // Spring Batch sends StepExecutionRequest objects; the queue carries their small JSON form (PartitionRequests).
        requests.subscribe(message -> sender.handleMessage(
                MessageBuilder.withPayload(PartitionRequests.write((StepExecutionRequest) message.getPayload())).build()));
        MessagingTemplate messaging = new MessagingTemplate(requests);
        messaging.setSendTimeout(properties.sqs().callTimeout().toMillis());
        return new PartitionSteps.RemotePartitioning(jobs, messaging, partitionLeases, partitionQueue, properties);
    }

    /** Worker mode: this process runs partitions other processes' managers send. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("consumidor.jobs.worker")
    static class WorkerConfiguration {

        @Bean(destroyMethod = "close")
        PartitionWorker partitionWorker(JobRepository jobs, PartitionLeases partitionLeases, PartitioningProperties properties, BeanFactory beanFactory) {
            partitionLeases.ensureTable();
            BeanFactoryStepLocator steps = new BeanFactoryStepLocator();
            steps.setBeanFactory(beanFactory);
            StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
            handler.setJobRepository(jobs);
            handler.setStepLocator(steps);
            return new PartitionWorker(jobs, handler, partitionLeases, properties.heartbeat());
        }

        @Bean
        SqsMessageDrivenChannelAdapter partitionRequestListener(SqsAsyncClient partitionSqs, PartitionQueue partitionQueue, PartitionWorker partitionWorker,
                                                                PartitioningProperties properties, BeanFactory beanFactory) {
            partitionQueue.url(); // the queue exists before the listener asks for it; fails the start clearly when SQS is down
            DirectChannel requests = new DirectChannel();
            requests.setBeanFactory(beanFactory);
            requests.afterPropertiesSet();
            requests.subscribe(partitionWorker);
            SqsMessagingMessageConverter converter = new SqsMessagingMessageConverter();
            // The body is read as text whatever type header a sender claims: no type is ever instantiated from the queue.
            converter.setPayloadTypeMapper(m -> String.class);
            SqsMessageDrivenChannelAdapter adapter = new SqsMessageDrivenChannelAdapter(partitionSqs, partitionQueue.name());
            int threads = properties.workerThreads();
            adapter.setSqsContainerOptions(SqsContainerOptions.builder()
                    .acknowledgementMode(AcknowledgementMode.MANUAL)
                    .acknowledgementInterval(Duration.ZERO).acknowledgementThreshold(0)
                    // one message per poll: a worker with a thread free takes the next partition at once, rather than
                    // waiting (back pressure) until a whole poll's worth of threads is free
                    .maxConcurrentMessages(threads).maxMessagesPerPoll(1).backPressureMode(BackPressureMode.FIXED_HIGH_THROUGHPUT)
                    // a long poll shorter than one SQS call may last, or the client cancels the wait it asked for
                    .pollTimeout(Duration.ofSeconds(Math.max(1, Math.min(10, properties.sqs().callTimeout().toSeconds() - 2))))
                    .messageVisibility(PartitionQueue.VISIBILITY)
                    .listenerShutdownTimeout(Duration.ofSeconds(30))
                    .messageConverter(converter)
                    .build());
            adapter.setOutputChannel(requests);
            return adapter;
        }
    }
}
