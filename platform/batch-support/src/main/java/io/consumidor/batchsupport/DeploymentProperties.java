package io.consumidor.batchsupport;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The deployment's namespace ({@code consumidor.namespace}, from {@code CONSUMIDOR_NAMESPACE}): the prefix of
 * the Base C indices the jobs read. Empty for {@code ./pipeline up}; {@code test} for the test suite.
 *
 * @param namespace the deployment's prefix of queues and indices
 */
@ConfigurationProperties("consumidor")
public record DeploymentProperties(@DefaultValue("") String namespace) {
}
