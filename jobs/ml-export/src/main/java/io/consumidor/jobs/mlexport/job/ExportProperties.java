package io.consumidor.jobs.mlexport.job;

import io.consumidor.features.logs.FeatureLogs;
import jakarta.validation.Valid;
import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the export runs ({@code consumidor.export.*}); what it exports is {@code datasets.yml}.
 *
 * @param gridSize       subject-range partitions (one Parquet file each)
 * @param threads        partitions run at the same time (local threads); the rest wait their turn
 * @param pageSize       subjects per page: one Base B history cursor batch, one rating query, one Base C request
 * @param sortRunRows    rows a partition sorts in memory before spilling a sorted run to {@code tempDir}
 * @param rowGroupMiB    Parquet row group size
 * @param partMiB        S3 multipart part size (at least 5, S3's minimum); memory per partition is one part
 * @param zstdLevel      ZSTD level of the pages
 * @param retentionDays  runs older than this are removed, except the newest complete run of each snapshot and pinned runs
 * @param s3             where the datasets go
 * @param tempDir        where a partition spills its sorted runs and the erasure sweep fetches files (local disk)
 * @param erasure        how subjects erased after a run was written leave it ({@code mlErasureSweep})
 * @param coverage       what the sources must hold before a run may be written (checked before any partition)
 * @param consistency    the check of the logged online lookups against the offline path ({@code featureConsistency})
 */
@Validated
@ConfigurationProperties("consumidor.export")
public record ExportProperties(
        @NotNull @Valid S3 s3,
        @Min(1) @Max(1024) @DefaultValue("2") int gridSize,
        @Min(1) @Max(64) @DefaultValue("2") int threads,
        @Min(10) @Max(10_000) @DefaultValue("1000") int pageSize,
        @Min(1000) @DefaultValue("50000") int sortRunRows,
        @Min(1) @Max(1024) @DefaultValue("32") int rowGroupMiB,
        @Min(5) @Max(512) @DefaultValue("8") int partMiB,
        @Min(1) @Max(22) @DefaultValue("3") int zstdLevel,
        @Min(0) @DefaultValue("30") int retentionDays,
        @NotNull Path tempDir,
        @NotNull @Valid @DefaultValue Erasure erasure,
        @NotNull @Valid @DefaultValue Coverage coverage,
        @NotNull @Valid @DefaultValue Consistency consistency) {

    /**
     * @param logsPrefix  where the query API logs the sampled lookups in the datasets' bucket (its
     *                    {@code consumidor.query.features.log.s3.prefix})
     * @param indexingLag how long an event indexed into Base C may take to become searchable (Elasticsearch's refresh,
     *                    1 s, and the clocks' skew): a Base C value the online lookup missed only by events indexed
     *                    within it before the lookup is the accepted class {@code indexing-lag}, not skew
     * @param examples    differences the report lists with both values
     * @param logRetentionDays the logged lookups (and their reports) of days older than this before the day checked are
     *                    deleted by the check: pseudonymous feature vectors are kept no longer than they are of use
     */
    public record Consistency(@NotBlank @DefaultValue(FeatureLogs.PREFIX) String logsPrefix,
                              @NotNull @DurationMin(millis = 0) @DefaultValue("5s") Duration indexingLag, @Min(0) @Max(1000) @DefaultValue("50") int examples,
                              @Min(1) @DefaultValue("30") int logRetentionDays) {
    }

    /**
     * @param deadline     a stored run holding a subject erased since it was written is rewritten without them
     *                     within this time of the erasure; the sweep's schedule must run more often (the shipped
     *                     one runs every 6 hours), and an entry older than this still pending is reported as overdue
     * @param ledgerMinAge a ledger entry is pruned only once every stored run is checked past it and it is this
     *                     old: longer than an export takes to read a page and commit its run
     */
    /**
     * @param maxProfileDrop a run is refused when Base B holds fewer live profiles than this share below what the
     *                       dataset's newest complete run saw at its start (0.2: a fifth fewer): Base B was emptied or
     *                       partly lost, and a run over it would be taken for the truth
     */
    public record Coverage(@DecimalMin("0") @DecimalMax("1") @DefaultValue("0.2") double maxProfileDrop) {
    }

    public record Erasure(@NotNull @DefaultValue("P3D") Duration deadline, @NotNull @DefaultValue("P2D") Duration ledgerMinAge) {
    }

    /**
     * @param bucket    the bucket of the datasets (the local stack's {@code consumidor-local})
     * @param endpoint  empty for AWS itself; the local stack's S3Proxy otherwise
     * @param region    the bucket's region
     * @param prefix    the key prefix under which {@code <prefix>/<dataset>/...} lives
     * @param pathStyle path-style addressing (S3Proxy and most S3-compatible stores need it)
     * @param accessKeyId with {@code secretAccessKey}: static credentials (the local stack); empty → the SDK's default chain
     * @param secretAccessKey the secret of {@code accessKeyId}
     */
    public record S3(@NotBlank String bucket, @DefaultValue("") String endpoint, @NotBlank @DefaultValue("sa-east-1") String region,
                     @NotBlank @DefaultValue("datasets") String prefix, @DefaultValue("true") boolean pathStyle,
                     @DefaultValue("") String accessKeyId, @DefaultValue("") String secretAccessKey) {
    }
}
