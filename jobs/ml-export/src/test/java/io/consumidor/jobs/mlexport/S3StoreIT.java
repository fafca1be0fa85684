package io.consumidor.jobs.mlexport;

import io.consumidor.jobs.mlexport.job.RetentionAccess;
import io.consumidor.parquet.S3MultipartStream;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 side on the stack's S3Proxy: a stream of several known-length parts arrives whole with the SHA-256 it
 * reported, an aborted one leaves nothing, and the retention removes old runs but never a snapshot's newest
 * complete run nor a pinned one.
 */
@SpringBootTest(classes = ExportTestApplication.class, properties = "consumidor.export.s3.prefix=it-store-${random.uuid}")
class S3StoreIT {

    @Autowired DatasetStore store;

    @AfterEach
    void clean() {
        store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(store.prefix() + "/")).contents()
                .forEach(o -> store.delete(o.key()));
    }

    @Test
    void aStreamOfSeveralPartsArrivesWholeWithItsDigest() throws Exception {
        byte[] data = new byte[12 * 1024 * 1024 + 12345]; // three parts of 5 MiB: two full, one short
        new Random(7).nextBytes(data);
        String key = store.prefix() + "/multipart/object.bin";
        S3MultipartStream stream = new S3MultipartStream(store.s3(), store.bucket(), key, S3MultipartStream.MIN_PART_SIZE);
        for (int offset = 0; offset < data.length; offset += 100_000) {
            stream.write(data, offset, Math.min(100_000, data.length - offset));
        }
        stream.close();
        assertThat(stream.getPos()).isEqualTo(data.length);
        assertThat(stream.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        assertThat(store.get(key).orElseThrow()).isEqualTo(data);
        assertThat(store.incompleteUploads(store.prefix() + "/")).isEmpty();
    }

    @Test
    void anAbortedStreamLeavesNothing() throws Exception {
        String key = store.prefix() + "/multipart/aborted.bin";
        S3MultipartStream stream = new S3MultipartStream(store.s3(), store.bucket(), key, S3MultipartStream.MIN_PART_SIZE);
        stream.write(new byte[6 * 1024 * 1024]); // one part uploaded
        assertThat(store.incompleteUploads(store.prefix() + "/")).containsExactly(key);
        stream.abort();
        assertThat(store.exists(key)).isFalse();
        assertThat(store.incompleteUploads(store.prefix() + "/")).isEmpty();
    }

    @Test
    void retentionRemovesOldRunsButNeverTheNewestCompleteOneOfASnapshot() {
        LocalDate first = LocalDate.of(2026, 1, 31);
        LocalDate second = LocalDate.of(2026, 2, 28);
        RunLayout old = run(first, "20260201T000000Z-1", true);
        RunLayout newest = run(first, "20260202T000000Z-2", true);
        RunLayout failed = run(second, "20260301T000000Z-3", false);
        RunLayout current = run(second, "20260302T000000Z-4", true);
        // Every object was written just now; a clock 31 days ahead makes them all older than 30 days.
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(31)), ZoneOffset.UTC);
        RetentionAccess.apply(store, Duration.ofDays(30), later, "credit-scoring", current.runId());
        assertThat(store.runs("credit-scoring")).extracting(DatasetStore.Run::runId).containsExactly(newest.runId(), current.runId());
        assertThat(store.exists(old.success())).isFalse();
        assertThat(store.exists(failed.part(0))).isFalse();
    }

    @Test
    void aPinnedRunOutlivesTheRetentionAndAnIncompleteOneCannotBePinned() {
        LocalDate snapshot = LocalDate.of(2026, 1, 31);
        RunLayout trainedOn = run(snapshot, "20260201T000000Z-1", true);
        RunLayout superseded = run(snapshot, "20260202T000000Z-2", true);
        RunLayout newest = run(snapshot, "20260203T000000Z-3", true);
        RunLayout failed = run(snapshot, "20260204T000000Z-4", false);
        store.pin(store.run("credit-scoring", snapshot, trainedOn.runId()).orElseThrow(), "model credit-2026-02");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.pin(store.run("credit-scoring", snapshot, failed.runId()).orElseThrow(), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not complete");
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(31)), ZoneOffset.UTC);
        RetentionAccess.apply(store, Duration.ofDays(30), later, "credit-scoring", "none");
        assertThat(store.runs("credit-scoring")).extracting(DatasetStore.Run::runId).containsExactly(trainedOn.runId(), newest.runId());
        assertThat(store.exists(superseded.success())).isFalse();
        store.unpin(store.run("credit-scoring", snapshot, trainedOn.runId()).orElseThrow());
        RetentionAccess.apply(store, Duration.ofDays(30), later, "credit-scoring", "none");
        assertThat(store.runs("credit-scoring")).extracting(DatasetStore.Run::runId).containsExactly(newest.runId());
    }

    private RunLayout run(LocalDate snapshot, String runId, boolean complete) {
        RunLayout layout = new RunLayout(store.prefix(), "credit-scoring", snapshot, runId);
        store.put(layout.part(0), new byte[] {1}, "application/octet-stream");
        if (complete) {
            store.put(layout.manifest(), "{}".getBytes(), "application/json");
            store.put(layout.success(), "complete\n".getBytes(), "text/plain");
        }
        return layout;
    }
}
