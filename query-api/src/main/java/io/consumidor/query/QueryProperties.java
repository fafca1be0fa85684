package io.consumidor.query;

import io.consumidor.apisecurity.ClientRateLimits;
import io.consumidor.features.logs.FeatureLogs;
import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code consumidor.query.*}.
 *
 * @param namespace      the deployment's prefix of queues and indices (empty for ./pipeline up)
 * @param jwt            which tokens are trusted (the same rules as ingest-app's)
 * @param subject        the CPF pseudonymisation key: it must be ingest-app's, or no lookup finds anybody
 * @param sectionTimeout how long one store may take for its sections before they answer {@code unavailable}
 * @param recordTimeout  how long recording the lookup may take before the answer is refused (fail closed)
 * @param recordBatchWindow how long a lookup's record may wait for others to share its SQS batch call (up to ten)
 * @param maxConcurrentReads how many requests may read the stores at once; the others wait their turn
 * @param maxConcurrentReadsPerClient how many of those one client (azp, else sub) may hold or wait for at once
 * @param readQueueWait  how long a request may wait for its turn before it is refused with a 503 and Retry-After
 * @param maxRequestSize a larger body (or one without a declared length) gets a 413 problem before anything reads it
 * @param rateLimit      per client (the token's azp, else sub): past it a 429 problem with Retry-After
 * @param features       the online feature lookups ({@code POST /v1/features}) and their logs
 */
@Validated
@ConfigurationProperties("consumidor.query")
public record QueryProperties(@DefaultValue("") String namespace, @NotNull @Valid Jwt jwt, @NotNull @Valid Subject subject,
                              @NotNull @DefaultValue("250ms") Duration sectionTimeout,
                              @NotNull @DefaultValue("2s") Duration recordTimeout,
                              @NotNull @DefaultValue("20ms") Duration recordBatchWindow,
                              @Min(1) @DefaultValue("16") int maxConcurrentReads,
                              @Min(1) @DefaultValue("8") int maxConcurrentReadsPerClient,
                              @NotNull @DefaultValue("1s") Duration readQueueWait,
                              @NotNull @DefaultValue("64KB") DataSize maxRequestSize,
                              @NotNull @DefaultValue ClientRateLimits.Settings rateLimit,
                              @NotNull @Valid Features features) {

    /**
     * @param sectionTimeout how long a store may take for a feature vector before its columns answer unavailable:
     *                       longer than the summary's, because a vector with holes is worth less to a model than a
     *                       slower one, and its Base C aggregation (every window of the dataset) is heavier
     * @param coverageTtl    how long Base C's oldest event (the coverage of its windows) is reused before it is read again
     * @param log            which lookups are logged for the consistency check, and where
     */
    public record Features(@NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration sectionTimeout,
                           @NotNull @DurationMin(millis = 1) @DefaultValue("1m") Duration coverageTtl,
                           @NotNull @Valid FeatureLog log) {
    }

    /**
     * @param share           the share of subjects (by a keyed hash of the subject) whose every lookup is logged; 0: none
     * @param flushInterval   how often the buffered rows are written as a batch
     * @param batchRows       a dataset-day's rows per batch file, and the count that writes a batch at once
     * @param maxBufferedRows past it (S3 refusing for long), rows are dropped and counted rather than held
     * @param s3              where the logs go ({@code <prefix>/<dataset>/date=YYYY-MM-DD/}): the datasets' bucket
     */
    public record FeatureLog(@DecimalMin("0") @DecimalMax("1") @DefaultValue("0.05") double share,
                             @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration flushInterval,
                             @Min(1) @DefaultValue("10000") int batchRows,
                             @Min(1) @DefaultValue("200000") int maxBufferedRows,
                             @NotNull @Valid S3 s3) {
    }

    /**
     * @param bucket          the bucket (the datasets' own)
     * @param endpoint        empty for AWS itself; the local stack's S3Proxy otherwise
     * @param region          the bucket's region
     * @param prefix          the key prefix of the logs (the consistency job's {@code consumidor.export.consistency.logs-prefix})
     * @param pathStyle       path-style addressing (S3Proxy and most S3-compatible stores need it)
     * @param accessKeyId     with {@code secretAccessKey}: static credentials (the local stack); empty: the SDK's default chain
     * @param secretAccessKey the secret of {@code accessKeyId}
     */
    public record S3(@NotBlank String bucket, @DefaultValue("") String endpoint, @NotBlank @DefaultValue("sa-east-1") String region,
                     @NotBlank @DefaultValue(FeatureLogs.PREFIX) String prefix, @DefaultValue("true") boolean pathStyle,
                     @DefaultValue("") String accessKeyId, @DefaultValue("") String secretAccessKey) {

        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", prefix=" + prefix + "]"; // never the secret
        }
    }

    /**
     * @param issuer            the {@code iss} a token must carry
     * @param audience          an {@code aud} a token must carry
     * @param publicKeyLocation the issuer's RS256 public key as PEM (the local issuer's), or empty with a JWK set
     * @param jwkSetUri         the issuer's JWK set (production), or empty with a PEM key
     */
    public record Jwt(@NotBlank String issuer, @NotBlank String audience, String publicKeyLocation, String jwkSetUri) {
    }

    /**
     * @param key    the secret, base64; empty locally, where the development key under {@code devKeyDir} is used
     * @param keyId  the key's id, the prefix of every subject
     * @param devKeyDir where ingest-app keeps its development keys
     * @param development development mode ({@code consumidor.dev-mode}): without a key, use the development one
     */
    public record Subject(@NotBlank @DefaultValue("dev") String keyId, @DefaultValue("") String key, @NotNull Path devKeyDir,
                          @DefaultValue("false") boolean development) {

        @Override
        public String toString() {
            return "Subject[keyId=" + keyId + ", devKeyDir=" + devKeyDir + "]"; // never the key
        }
    }
}
