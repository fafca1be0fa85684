package io.consumidor.ingest.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import io.consumidor.core.cpf.Cpf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The CPF's deterministic keyed hash (HMAC-SHA-256 PRF), stored in a unique column so a consumer is found
 * by CPF without decrypting any row. Its key is separate from the encryption keyset and from the subject
 * key: knowing one does not help with the others.
 */
public final class BlindIndex {

    private static final int LENGTH = 32;

    private final PrfSet prf;

    public BlindIndex(KeysetHandle keyset) {
        try {
            PrfConfig.register();
            this.prf = keyset.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Base A lookup keyset is not a PRF keyset: " + e.getMessage(), e);
        }
    }

    public byte[] of(Cpf cpf) {
        try {
            return prf.computePrimary(("cpf:" + cpf.digits()).getBytes(StandardCharsets.UTF_8), LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute the CPF blind index", e);
        }
    }
}
