package io.consumidor.ingest.consumer;

import io.consumidor.ingest.crypto.FieldEncryption;
import tools.jackson.databind.json.JsonMapper;

/** Decrypts what a stored consumer holds for Base B, for the replay (which lives in its own package). */
public final class StoredFactsReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoredFactsReader() {
    }

    /** The address's state; the address itself never leaves Base A. */
    public static String state(FieldEncryption encryption, byte[] row, ConsumerRepository.Sealed sealed) {
        return JSON.readValue(encryption.decrypt("address", row, sealed.address()), ConsumerRequest.Address.class).state();
    }

    /** The assets and income sources; unknown (null lists) for a consumer registered before Base A kept them. */
    public static Facts facts(FieldEncryption encryption, byte[] row, ConsumerRepository.Sealed sealed) {
        StoredFacts stored = sealed.facts() == null ? StoredFacts.UNKNOWN : StoredFacts.fromJson(encryption.decrypt("facts", row, sealed.facts()));
        return new Facts(stored.assets(), stored.incomeSources());
    }

    public record Facts(java.util.List<io.consumidor.core.payload.Asset> assets,
                        java.util.List<io.consumidor.core.payload.IncomeSource> incomeSources) {
    }
}
