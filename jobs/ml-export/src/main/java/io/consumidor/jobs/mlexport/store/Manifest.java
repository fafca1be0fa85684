package io.consumidor.jobs.mlexport.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code _manifest.json}, as typed records written and read by the same code (the export's commit, the
 * erasure sweep's rewrite, {@code export list|show}, the demo's report): what the run is (dataset, definition,
 * snapshot, observation), what it holds (schema, files with their sizes and SHA-256, totals, exclusions, content
 * hash), its label and lineage, and its erasure section. A reader outside Java sees the same JSON as before: the
 * field names are the records' components, in this order.
 */
public record Manifest(
        String dataset, int version, String description, String definitionHash, Map<String, Object> definition,
        LocalDate snapshotDate, Instant asOf, String zone, boolean provisional, String runId, long jobInstance,
        Instant committedAt, Instant observedUntil, String pseudonymKeyId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Label label,
        List<SchemaColumn> schema, List<String> scorecardModelVersions, List<FileEntry> files, Totals totals,
        Exclusions exclusions, String contentHash, Watermarks sourceWatermarks, Sources sources, Erasure erasure, Code code) {

    /** Lenient on read: a manifest of a later version (a section this one does not know) or an earlier one still reads. */
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a manifest written by an earlier version lacks later fields: they read as 0, false or null
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build();

    /**
     * The label of a training set: its column, its window's end, from when it is final (the window plus the
     * maturity buffer), whether it was final by the run's {@code observedUntil} ({@code labelComplete}: else every
     * row is unlabelled, {@code label_status} open), the newest {@code recordedAt} among the outcome facts read
     * (its watermark) and, over the run's labelled rows, its rate.
     */
    public record Label(String column, String kind, int horizonMonths, Instant windowEnd, Instant finalFrom, boolean labelComplete,
                        Instant watermark, Double rate) {

        public Label withRate(Double rate) {
            return new Label(column, kind, horizonMonths, windowEnd, finalFrom, labelComplete, watermark, rate);
        }
    }

    public record SchemaColumn(String name, String type, boolean nullable, String meaning, String source, String window, String role) {
    }

    /** One Parquet file of the run: a reader checks its size and SHA-256 before trusting it. */
    public record FileEntry(String key, long rows, long bytes, String sha256) {
    }

    public record Totals(int files, long rows, long bytes) {
    }

    /**
     * Subjects left out, by reason: no credit exposure at T and already bad at T (the population's rules), known
     * to Base B only after T (counted against Base B's profiles at the run's start), erased (at export or by a
     * later sweep).
     */
    public record Exclusions(long noExposure, long badAtObservation, long knownOnlyAfterT, long erased) {

        public Exclusions plusErased(long more) {
            return new Exclusions(noExposure, badAtObservation, knownOnlyAfterT, erased + more);
        }
    }

    /** The build that wrote the run: its version, the git commit it was built from, and whether the tree was dirty. */
    public record Code(String version, String commit, boolean dirty) {
    }

    /**
     * What the sources held when the run started: Base B's live profiles (the next run of the dataset is refused
     * when Base B holds markedly fewer: it was emptied, not the consumers gone).
     */
    public record Sources(long baseBProfiles) {
    }

    /** How current the sources were: Base B's newest fact used, Base C's newest event when the run started. */
    public record Watermarks(Instant baseB, String baseC) {
    }

    /**
     * Which erasures the run honours ({@code honouredThrough}: every ledger entry recorded by then is out of it), the
     * deadline for later ones, and for a rewritten run, which run it replaced and how many rows it removed.
     */
    public record Erasure(Instant honouredThrough, String deadline, String policy,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String rewrittenFrom,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long removedRows,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Instant rewrittenAt) {
    }

    /** A copy of this manifest for the run that replaces it without the erased rows. */
    public Manifest rewritten(String newRunId, Instant at, List<FileEntry> newFiles, Exclusions newExclusions, String newContentHash,
                              Label newLabel, List<String> modelVersions, Erasure newErasure) {
        long rows = newFiles.stream().mapToLong(FileEntry::rows).sum();
        long bytes = newFiles.stream().mapToLong(FileEntry::bytes).sum();
        return new Manifest(dataset, version, description, definitionHash, definition, snapshotDate, asOf, zone, provisional, newRunId,
                jobInstance, at, observedUntil, pseudonymKeyId, newLabel, schema, modelVersions, newFiles,
                new Totals(newFiles.size(), rows, bytes), newExclusions, newContentHash, sourceWatermarks, sources, newErasure, code);
    }

    public byte[] toJson() {
        return JSON.writeValueAsBytes(this);
    }

    public static Manifest fromJson(byte[] json) {
        return JSON.readValue(json, Manifest.class);
    }
}
