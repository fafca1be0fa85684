package io.consumidor.ingest.consumer;

import io.consumidor.core.event.EventCodec;
import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.IncomeSource;

import java.util.List;

/**
 * The assets and income sources Base A keeps for Base B (column {@code facts_ciphertext}, encrypted as one JSON
 * document), so that Base B can be rebuilt from Base A. Null lists: a consumer registered before they were kept.
 */
record StoredFacts(List<Asset> assets, List<IncomeSource> incomeSources) {

    static final StoredFacts UNKNOWN = new StoredFacts(null, null);
    private static final EventCodec CODEC = new EventCodec();

    String json() {
        return CODEC.mapper().writeValueAsString(this);
    }

    static StoredFacts fromJson(String json) {
        return CODEC.mapper().readValue(json, StoredFacts.class);
    }
}
