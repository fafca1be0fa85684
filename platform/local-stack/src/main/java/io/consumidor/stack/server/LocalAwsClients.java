package io.consumidor.stack.server;

import io.consumidor.stack.StackSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;

import java.net.URI;
import java.time.Duration;

/** AWS SDK clients for readiness probes against the stack's SQS and S3 servers. */
final class LocalAwsClients {

    private LocalAwsClients() {
    }

    static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B probing(B builder, String endpoint) {
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.of(StackSettings.AWS_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        StackSettings.AWS_ACCESS_KEY_ID, StackSettings.AWS_SECRET_ACCESS_KEY)))
                // A probe must answer at once; the SDK's retries with back-off would only delay readiness.
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)));
    }
}
