package io.consumidor.features.keys;

import io.consumidor.core.keys.DevelopmentKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The datasets' pseudonym keys by id: configured ({@code consumidor.pseudonym-keys.keys.<id>}, base64, from a secret
 * store in production), or — in development mode only — a key generated once per id under {@code dev-key-dir}, so a
 * local re-export gives the same pseudonyms. Outside development mode a missing key fails closed. Shared by every
 * app that pseudonymises for a dataset (the export, the online lookups' logs), so one subject has one pseudonym per
 * dataset wherever it is written. Never logged.
 */
public final class PseudonymKeys {

    private static final Logger log = LoggerFactory.getLogger(PseudonymKeys.class);

    private final Map<String, String> configured;
    private final Path devKeyDir;
    private final boolean development;

    public PseudonymKeys(PseudonymKeysProperties properties) {
        this.configured = properties.keys();
        this.devKeyDir = properties.devKeyDir();
        this.development = properties.development();
    }

    /** The ids a dataset may name: configured ones, and any id at all with development keys. */
    public Set<String> ids(Set<String> wanted) {
        Set<String> ids = new TreeSet<>(configured.keySet());
        if (development) {
            ids.addAll(wanted);
        }
        return ids;
    }

    public byte[] key(String id) {
        String value = configured.get(id);
        if (value != null && !value.isBlank()) {
            return Base64.getDecoder().decode(value.trim());
        }
        if (!development) {
            throw new IllegalStateException("no pseudonym key '" + id + "' configured (consumidor.pseudonym-keys.keys." + id + ")");
        }
        return DevelopmentKeys.loadOrCreate(devKeyDir.resolve("export-" + id + ".key"), file -> log.warn(
                "generated a development pseudonym key '{}' at {} (production must configure consumidor.pseudonym-keys.keys.{})", id, file, id));
    }
}
