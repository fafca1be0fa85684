package io.consumidor.batchsupport;

import io.consumidor.batchsupport.launch.LockedLaunchDefaults;
import io.consumidor.batchsupport.partition.PartitioningConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Clock;

/**
 * What every job's configuration imports: the deployment's namespace, the job repository's launch defaults, how the
 * jobs' partitions run (local threads or remote workers: {@link PartitioningConfiguration}) and the clock the jobs read "now" from (a test replaces it). Nothing about any store: each job wires its own readers.
 */
@Configuration(proxyBeanMethods = false)
@Import({LockedLaunchDefaults.class, PartitioningConfiguration.class})
@EnableConfigurationProperties(DeploymentProperties.class)
public class JobSupportConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
