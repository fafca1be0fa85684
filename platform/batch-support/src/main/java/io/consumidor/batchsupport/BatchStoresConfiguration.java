package io.consumidor.batchsupport;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.basec.ActivityFeatures;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.batchsupport.launch.LockedLaunchDefaults;
import io.consumidor.core.wire.Namespace;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The Base C readers every job shares, on the deployment's namespace, and the job repository's launch defaults. */
@Configuration(proxyBeanMethods = false)
@Import(LockedLaunchDefaults.class)
@EnableConfigurationProperties(DeploymentProperties.class)
public class BatchStoresConfiguration {

    @Bean
    BaseCIndices baseCIndices(DeploymentProperties deployment) {
        return BaseCIndices.of(Namespace.of(deployment.namespace()));
    }

    @Bean
    ActivityFeatures activityFeatures(ElasticsearchClient elasticsearch, BaseCIndices indices) {
        return new ActivityFeatures(elasticsearch, indices);
    }

    @Bean
    ActivitySummaries activitySummaries(ElasticsearchClient elasticsearch, BaseCIndices indices) {
        return new ActivitySummaries(elasticsearch, indices);
    }
}
