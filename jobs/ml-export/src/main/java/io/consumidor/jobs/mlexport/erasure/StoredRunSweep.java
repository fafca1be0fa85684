package io.consumidor.jobs.mlexport.erasure;

import io.consumidor.jobs.mlexport.store.Manifest;

import io.consumidor.baseb.erasure.ErasureLedger;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.rows.Pseudonyms;
import io.consumidor.jobs.mlexport.job.ContentHash;
import io.consumidor.jobs.mlexport.job.ExportProperties;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.jobs.mlexport.job.RunProfileDocument;
import io.consumidor.parquet.DatasetFileReader;
import io.consumidor.parquet.DatasetFileWriter;
import io.consumidor.features.schema.DatasetSchema;
import io.consumidor.parquet.RowCodec;
import io.consumidor.parquet.S3MultipartStream;
import io.consumidor.jobs.mlexport.quality.ColumnProfile;
import io.consumidor.jobs.mlexport.quality.DatasetProfile;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cleans one complete stored run of the subjects erased since it was last checked. The run's pseudonyms of the
 * newer ledger entries are looked for in every file (each fetched and verified against the manifest first);
 * when none is there, a {@code _erasure.json} beside the manifest records how far the run is checked. When any
 * is, the run is rewritten as a new run of the same snapshot — every file read back and written again without
 * those rows, with a new manifest (files, hashes, totals, content hash, label rate, {@code erasure} section) and
 * profile — and only after the new run's {@code _SUCCESS} is the old run withdrawn, so a reader always finds a
 * complete run. A sweep killed between the two leaves both; the next one sees the replacement and only
 * withdraws the old run.
 */
final class StoredRunSweep {

    private static final Logger log = LoggerFactory.getLogger(StoredRunSweep.class);
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** What happened to a run: how far it is checked now, and what left it. */
    record Outcome(Instant checkedThrough, boolean rewritten, long removedRows, int pendingEntries, int overdueEntries) {
    }

    private final DatasetStore store;
    private final PseudonymKeys keys;
    private final ExportProperties properties;
    private final RunFiles files;
    private final long instance;

    StoredRunSweep(DatasetStore store, PseudonymKeys keys, ExportProperties properties, long instance) {
        this.store = store;
        this.keys = keys;
        this.properties = properties;
        this.files = new RunFiles(store, properties.tempDir());
        this.instance = instance;
    }

    /** How far a run is already clean: its sidecar, else its manifest's erasure section, else its observation time. */
    Instant checkedThrough(RunLayout layout, Manifest manifest) {
        Optional<byte[]> sidecar = store.get(layout.erasure());
        if (sidecar.isPresent()) {
            return JSON.readValue(sidecar.get(), ErasureSection.Check.class).checkedThrough();
        }
        if (manifest.erasure() != null && manifest.erasure().honouredThrough() != null) {
            return manifest.erasure().honouredThrough();
        }
        return manifest.observedUntil();
    }

    Manifest manifest(RunLayout layout) {
        byte[] bytes = store.get(layout.manifest()).orElseThrow(() -> new IllegalStateException(layout.runPrefix() + " has _SUCCESS but no manifest"));
        return Manifest.fromJson(bytes);
    }

    Outcome sweep(DatasetStore.Run run, List<ErasureLedger.Entry> ledger, List<DatasetStore.Run> snapshotRuns, Instant now) throws IOException {
        RunLayout layout = run.layout(store.prefix());
        Optional<DatasetStore.Run> replacement = replacementOf(run, snapshotRuns);
        if (replacement.isPresent()) {
            log.info("{} {} run {}: already rewritten as run {}; withdrawing it", run.dataset(), run.snapshotDate(), run.runId(),
                    replacement.get().runId());
            store.deleteRun(run);
            return new Outcome(checkedThrough(replacement.get().layout(store.prefix()), manifest(replacement.get().layout(store.prefix()))),
                    false, 0, 0, 0);
        }
        Manifest manifest = manifest(layout);
        Instant checked = checkedThrough(layout, manifest);
        List<ErasureLedger.Entry> pending = ledger.stream().filter(e -> e.recordedAt().isAfter(checked)).toList();
        if (pending.isEmpty()) {
            return new Outcome(checked, false, 0, 0, 0);
        }
        Instant through = pending.stream().map(ErasureLedger.Entry::recordedAt).max(Comparator.naturalOrder()).orElseThrow();
        int overdue = (int) pending.stream().filter(e -> e.recordedAt().plus(properties.erasure().deadline()).isBefore(now)).count();
        String keyId = manifest.pseudonymKeyId();
        Pseudonyms pseudonyms = new Pseudonyms(keys.key(keyId), run.dataset());
        Set<String> erased = new HashSet<>();
        pending.forEach(e -> erased.add(pseudonyms.of(e.subject())));
        List<Manifest.FileEntry> listed = manifest.files();
        long found = 0;
        for (Manifest.FileEntry file : listed) {
            found += count(file, erased);
        }
        if (found == 0) {
            store.put(layout.erasure(), JSON.writeValueAsBytes(new ErasureSection.Check(through, now, pending.size())), "application/json");
            return new Outcome(through, false, 0, pending.size(), overdue);
        }
        long removed = rewrite(run, manifest, listed, erased, through, now);
        return new Outcome(through, true, removed, pending.size(), overdue);
    }

    /** A complete run of the same snapshot whose manifest says it was rewritten from {@code run}. */
    private Optional<DatasetStore.Run> replacementOf(DatasetStore.Run run, List<DatasetStore.Run> snapshotRuns) {
        for (DatasetStore.Run other : snapshotRuns) {
            if (other.complete() && other.runId().contains(RunLayout.REWRITE_MARK) && !other.runId().equals(run.runId())) {
                Manifest.Erasure section = manifest(other.layout(store.prefix())).erasure();
                if (section != null && run.runId().equals(section.rewrittenFrom())) {
                    return Optional.of(other);
                }
            }
        }
        return Optional.empty();
    }

    private long count(Manifest.FileEntry file, Set<String> erased) throws IOException {
        Path local = files.fetch(file);
        try (DatasetFileReader reader = new DatasetFileReader(local)) {
            int key = reader.schema().indexOf(Dataset.PSEUDONYM);
            long hits = 0;
            while (reader.hasNext()) {
                if (erased.contains((String) reader.next()[key])) {
                    hits++;
                }
            }
            return hits;
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private long rewrite(DatasetStore.Run run, Manifest manifest, List<Manifest.FileEntry> listed, Set<String> erased,
                         Instant through, Instant now) throws IOException {
        // a point-in-time run's rewrite stays one, so readers keep passing it over
        String runId = RunLayout.RUN_TIME.format(now) + (run.pointInTime() ? RunLayout.AS_OF_MARK : "") + RunLayout.REWRITE_MARK + instance;
        RunLayout target = new RunLayout(store.prefix(), run.dataset(), run.snapshotDate(), runId);
        store.abortIncompleteUploads(target.runPrefix());
        List<Manifest.FileEntry> written = new ArrayList<>();
        DatasetProfile profile = null;
        BigInteger content = BigInteger.ZERO;
        long rows = 0, bytes = 0, removed = 0;
        for (Manifest.FileEntry file : listed) {
            String key = file.key();
            String name = key.substring(key.lastIndexOf('/') + 1);
            Path local = files.fetch(file);
            S3MultipartStream stream = new S3MultipartStream(store.s3(), store.bucket(), target.runPrefix() + name,
                    properties.partMiB() * 1024 * 1024);
            long kept = 0;
            try (DatasetFileReader reader = new DatasetFileReader(local)) {
                DatasetSchema schema = reader.schema();
                profile = profile == null ? new DatasetProfile(schema) : profile;
                ContentHash hash = new ContentHash(new RowCodec(schema));
                int pseudonym = schema.indexOf(Dataset.PSEUDONYM);
                try (DatasetFileWriter writer = new DatasetFileWriter(schema, stream, properties.rowGroupMiB() * 1024L * 1024,
                        properties.zstdLevel())) {
                    while (reader.hasNext()) {
                        Object[] row = reader.next();
                        if (erased.contains((String) row[pseudonym])) {
                            removed++;
                            continue;
                        }
                        writer.write(row);
                        profile.add(row);
                        hash.add(row);
                        kept++;
                    }
                }
                content = content.add(hash.sum()).mod(ContentHash.MODULUS);
            } catch (IOException | RuntimeException e) {
                stream.abort();
                throw e;
            } finally {
                Files.deleteIfExists(local);
            }
            written.add(new Manifest.FileEntry(stream.key(), kept, stream.getPos(), stream.sha256()));
            rows += kept;
            bytes += stream.getPos();
        }
        Manifest.Label label = null;
        if (manifest.label() != null) {
            ColumnProfile column = profile.columns().get(Dataset.LABEL);
            label = manifest.label().withRate(column == null || column.rows() == 0 ? null : column.mean());
        }
        Manifest next = manifest.rewritten(runId, now, written, manifest.exclusions().plusErased(removed), ContentHash.hex(content),
                label, RunProfileDocument.modelVersions(profile),
                ErasureSection.rewritten(through, properties.erasure().deadline(), run.runId(), removed, now));
        Map<String, Object> profileDocument = RunProfileDocument.of(store, run.dataset(), run.snapshotDate(), profile,
                store.runs(run.dataset()).stream().filter(r -> !r.runId().equals(run.runId())).toList());
        store.put(target.manifest(), next.toJson(), "application/json");
        store.put(target.profile(), JSON.writeValueAsBytes(profileDocument), "application/json");
        store.put(target.success(), "complete\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        if (run.pinned()) { // the pin follows the rewrite: the model's data is the cleaned run now
            store.put(target.pinned(), store.get(run.layout(store.prefix()).pinned()).orElse(new byte[0]), "text/plain");
        }
        store.deleteRun(run);
        io.consumidor.jobs.mlexport.store.LatestRuns.rebuild(store, run.dataset(), now);
        log.info("{} {}: run {} rewritten as run {} without {} row(s) of erased subjects ({} rows left); run {} withdrawn",
                run.dataset(), run.snapshotDate(), run.runId(), runId, removed, rows, run.runId());
        return removed;
    }
}
