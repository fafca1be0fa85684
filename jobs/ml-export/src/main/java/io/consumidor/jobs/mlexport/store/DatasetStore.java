package io.consumidor.jobs.mlexport.store;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The datasets in S3 as readers see them: runs under {@link RunLayout}, a run complete exactly when its
 * {@code _SUCCESS} exists (written last, after every part and the manifest). S3 has no atomic rename, so
 * completeness is that marker, not a directory move. Removal deletes the marker first, so a run being removed
 * never looks complete with parts missing.
 */
public final class DatasetStore {

    private static final Pattern RUN_KEY = Pattern.compile(".*/snapshot_date=(\\d{4}-\\d{2}-\\d{2})/run=([^/]+)/(.+)");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public DatasetStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    public S3Client s3() {
        return s3;
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    /** One run as listed: its objects' names and sizes, and whether {@code _SUCCESS} is there. */
    public record Run(String dataset, LocalDate snapshotDate, String runId, Map<String, Long> objects, Instant lastModified) {

        public boolean complete() {
            return objects.containsKey(RunLayout.SUCCESS);
        }

        public RunLayout layout(String prefix) {
            return new RunLayout(prefix, dataset, snapshotDate, runId);
        }

        /** Taken at an instant ({@code asOf}): not what readers take for the snapshot ({@link RunLayout#AS_OF_MARK}). */
        public boolean pointInTime() {
            return runId.contains(RunLayout.AS_OF_MARK);
        }

        /** A complete run of the snapshot itself (not a point-in-time one): what readers may take. */
        public boolean official() {
            return complete() && !pointInTime();
        }

        public boolean pinned() {
            return objects.containsKey(RunLayout.PINNED);
        }

        public long parts() {
            return objects.keySet().stream().filter(name -> name.endsWith(".parquet")).count();
        }
    }

    /** The datasets that have objects in the store, whether or not {@code datasets.yml} still defines them. */
    public List<String> datasets() {
        List<String> names = new ArrayList<>();
        String root = prefix + "/";
        for (var common : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(root).delimiter("/")).commonPrefixes()) {
            String name = common.prefix().substring(root.length());
            names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
        }
        return names;
    }

    /** Copies an object to a local file (replacing it); memory stays the SDK's buffer, whatever the size. */
    public void download(String key, java.nio.file.Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        s3.getObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.ResponseTransformer.toFile(file));
    }

    /** Every run of the dataset, oldest snapshot first, runs in id (= start time) order. */
    public List<Run> runs(String dataset) {
        Map<String, Map<String, Long>> objects = new TreeMap<>();
        Map<String, Instant> modified = new TreeMap<>();
        String datasetPrefix = RunLayout.datasetPrefix(prefix, dataset);
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(datasetPrefix)).contents()) {
            Matcher m = RUN_KEY.matcher(object.key());
            if (!m.matches()) {
                continue;
            }
            String run = m.group(1) + "/" + m.group(2);
            objects.computeIfAbsent(run, r -> new TreeMap<>()).put(m.group(3), object.size());
            modified.merge(run, object.lastModified(), (a, b) -> a.isAfter(b) ? a : b);
        }
        List<Run> runs = new ArrayList<>();
        objects.forEach((run, names) -> {
            int slash = run.indexOf('/');
            runs.add(new Run(dataset, LocalDate.parse(run.substring(0, slash)), run.substring(slash + 1), names, modified.get(run)));
        });
        runs.sort(Comparator.comparing(Run::snapshotDate).thenComparing(Run::runId));
        return runs;
    }

    /** What readers take: the newest complete run of the snapshot. */
    public Optional<Run> latestComplete(String dataset, LocalDate snapshotDate) {
        return runs(dataset).stream().filter(r -> r.snapshotDate().equals(snapshotDate) && r.official())
                .reduce((a, b) -> b);
    }

    /** The newest complete run of an earlier snapshot than {@code before} (the baseline of PSI). */
    public Optional<Run> previousComplete(String dataset, LocalDate before) {
        return previousComplete(runs(dataset), before);
    }

    /** {@link #previousComplete(String, LocalDate)} over a listing already made (one listing serves a whole commit). */
    public static Optional<Run> previousComplete(List<Run> runs, LocalDate before) {
        return runs.stream().filter(r -> r.snapshotDate().isBefore(before) && r.official()).reduce((a, b) -> b);
    }

    public void put(String key, byte[] bytes, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
    }

    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Aborts every incomplete multipart upload under the prefix (a killed or failed run's parts); returns how many. */
    public int abortIncompleteUploads(String keyPrefix) {
        int aborted = 0;
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(keyPrefix)).uploads()) {
            if (!upload.key().startsWith(keyPrefix)) {
                continue; // a store that ignores the prefix filter
            }
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
            aborted++;
        }
        return aborted;
    }

    /** Incomplete multipart uploads under the prefix (for tests and {@code export list}). */
    public List<String> incompleteUploads(String keyPrefix) {
        List<String> keys = new ArrayList<>();
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(keyPrefix)).uploads()) {
            if (upload.key().startsWith(keyPrefix)) {
                keys.add(upload.key());
            }
        }
        return keys;
    }

    /** The run of a snapshot with this id, as listed. */
    public Optional<Run> run(String dataset, LocalDate snapshotDate, String runId) {
        return runs(dataset).stream().filter(r -> r.snapshotDate().equals(snapshotDate) && r.runId().equals(runId)).findFirst();
    }

    /** Exempts a complete run from retention, with a note of who pinned it and why (never personal data). */
    public void pin(Run run, String note) {
        if (!run.complete()) {
            throw new IllegalArgumentException("run " + run.runId() + " of " + run.snapshotDate() + " is not complete: only a complete run can be pinned");
        }
        put(run.layout(prefix).pinned(), (note + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain");
    }

    public void unpin(Run run) {
        delete(run.layout(prefix).pinned());
    }

    /** Removes a run: {@code _SUCCESS} first, so it stops looking complete before anything else goes. */
    public void deleteRun(Run run) {
        RunLayout layout = run.layout(prefix);
        if (run.complete()) {
            delete(layout.success());
        }
        for (String name : run.objects().keySet()) {
            if (!name.equals(RunLayout.SUCCESS)) {
                delete(layout.runPrefix() + name);
            }
        }
        abortIncompleteUploads(layout.runPrefix());
    }
}
