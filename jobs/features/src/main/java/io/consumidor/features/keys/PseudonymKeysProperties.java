package io.consumidor.features.keys;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code consumidor.pseudonym-keys.*}, from {@code pseudonym-keys.yml}, which every app that pseudonymises for a
 * dataset imports.
 *
 * @param keys        pseudonym keys by id, base64 (at least 32 bytes); a dataset names its key by id
 * @param development development mode ({@code consumidor.dev-mode}): a key that is not configured is generated under
 *                    {@code devKeyDir}; otherwise whatever needs it refuses to run without it
 * @param devKeyDir   where development mode keeps the keys it generates (the state directory's {@code keys})
 */
@Validated
@ConfigurationProperties("consumidor.pseudonym-keys")
public record PseudonymKeysProperties(@DefaultValue Map<String, String> keys, @DefaultValue("false") boolean development,
                                      @NotNull Path devKeyDir) {

    @Override
    public String toString() {
        return "PseudonymKeysProperties[ids=" + keys.keySet() + ", development=" + development + ", devKeyDir=" + devKeyDir + "]"; // never a key
    }
}
