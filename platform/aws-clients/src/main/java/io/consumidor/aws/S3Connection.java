package io.consumidor.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how a module reaches S3, as its settings give it; each module's {@code @ConfigurationProperties}
 * keeps its own keys and maps them here, so the client is built one way everywhere.
 *
 * @param endpoint        empty for AWS itself; the local stack's S3Proxy otherwise
 * @param region          the bucket's region
 * @param pathStyle       path-style addressing (S3Proxy and most S3-compatible stores need it)
 * @param accessKeyId     empty for the AWS default credential chain (instance role, environment, profile)
 * @param secretAccessKey with {@code accessKeyId}
 * @param timeout         the most one call may take, retries included; null for the SDK's default (none)
 */
public record S3Connection(String endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey,
                           Duration timeout) {

    public S3Connection {
        endpoint = endpoint == null ? "" : endpoint;
        accessKeyId = accessKeyId == null ? "" : accessKeyId;
        secretAccessKey = secretAccessKey == null ? "" : secretAccessKey;
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("an S3 region is required");
        }
    }

    /** A builder with all of the above applied, for a caller that adds its own HTTP client or checksums. */
    public S3ClientBuilder builder() {
        S3ClientBuilder builder = S3Client.builder().region(Region.of(region)).forcePathStyle(pathStyle).credentialsProvider(credentials());
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        if (timeout != null) {
            builder.overrideConfiguration(c -> c.apiCallTimeout(timeout));
        }
        return builder;
    }

    public S3Client client() {
        return builder().build();
    }

    private AwsCredentialsProvider credentials() {
        return accessKeyId.isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    @Override
    public String toString() {
        return "S3Connection[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", timeout=" + timeout + "]";
    }
}
