package io.consumidor.ingest.queue;

import com.google.crypto.tink.Aead;
import io.consumidor.ingest.crypto.Keysets;
import io.consumidor.ingest.keys.BaseAKeys;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import io.consumidor.core.keys.OwnerOnlyFiles;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.Sealing;
import io.consumidor.ingest.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The worker's HPKE keyset, which requests are sealed to: configured ({@code BASE_A_QUEUE_KEYSET}, required in
 * production) or generated once for development under the key directory, with its public half written beside
 * it for local requesters ({@code ./pipeline ask}).
 */
final class WorkerKeys {

    private static final Logger log = LoggerFactory.getLogger(WorkerKeys.class);

    private WorkerKeys() {
    }

    static HybridDecrypt load(QueueWorkerProperties queue, IngestProperties.Keys keys) {
        if (!queue.keyset().isBlank()) {
            Aead kek = BaseAKeys.kek(keys);
            return Sealing.opener(kek == null ? Sealing.parsePrivate(queue.keyset())
                    : Keysets.parse(queue.keyset(), kek, BaseAKeys.QUEUE_ROLE, "consumidor.ingest.queue.keyset (BASE_A_QUEUE_KEYSET)"));
        }
        if (!keys.development()) {
            throw new IllegalStateException("the queue worker needs its keyset: set consumidor.ingest.queue.keyset"
                    + " (BASE_A_QUEUE_KEYSET) or disable the worker (consumidor.ingest.queue.enabled=false)");
        }
        Path file = keys.devKeyDir().resolve(BaseAQueue.DEV_WORKER_KEYSET_FILE);
        try {
            KeysetHandle keyset;
            if (Files.isRegularFile(file)) {
                keyset = Sealing.parsePrivate(Files.readString(file));
            } else {
                keyset = Sealing.generate();
                if (!OwnerOnlyFiles.createSecret(file, Sealing.privateKeysetJson(keyset).getBytes(StandardCharsets.UTF_8))) {
                    keyset = Sealing.parsePrivate(Files.readString(file)); // another process generated it first
                }
                log.warn("generated a local development queue-worker keyset at {} (for development only: production must pass BASE_A_QUEUE_KEYSET)", file);
            }
            Path published = keys.devKeyDir().resolve(BaseAQueue.DEV_WORKER_PUBLIC_KEYSET_FILE);
            String publicKeyset = Sealing.publicKeyset(keyset);
            if (!Files.isRegularFile(published) || !Files.readString(published).equals(publicKeyset)) {
                Files.writeString(published, publicKeyset);
            }
            return Sealing.opener(keyset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the queue-worker keyset " + file, e);
        }
    }
}
