package io.consumidor.ingest;

import io.consumidor.apisecurity.ClientRateLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;

/**
 * Every setting of ingest-app ({@code consumidor.ingest.*}), tabled in the module README from this code's metadata.
 *
 * @param database            the roles and passwords of Base A's database
 * @param keys                the keys of Base A's encryption, blind index and subject pseudonyms
 * @param jwt                 which tokens are trusted
 * @param maxRequestSize      a larger body (or one without a declared length) gets a 413 problem before anything reads it
 * @param rateLimit           per client (the token's azp, else sub): past it a 429 problem with Retry-After
 * @param audit               how long the audit log keeps its rows
 * @param maxDebtsPerConsumer debts one consumer may hold: one more is a 409 problem (a consumer's answer stays bounded)
 */
@Validated
@ConfigurationProperties("consumidor.ingest")
public record IngestProperties(@Valid @NotNull Database database, @Valid @NotNull Keys keys, @Valid @NotNull Jwt jwt,
                               @NotNull @DefaultValue("1MB") DataSize maxRequestSize,
                               @NotNull @DefaultValue ClientRateLimits.Settings rateLimit,
                               @Valid @NotNull @DefaultValue Audit audit,
                               @jakarta.validation.constraints.Min(1) @DefaultValue("2000") int maxDebtsPerConsumer) {

    /**
     * @param retention how long audit rows are kept; {@code --audit-retention} (as the schema owner) deletes older
     *                  ones. At least 180 days: the database refuses a shorter cut-off (Marco Civil, art. 15)
     */
    public record Audit(@NotNull @DefaultValue("P1825D") java.time.Duration retention) {

        public Audit {
            if (retention != null && retention.compareTo(java.time.Duration.ofDays(180)) < 0) {
                throw new IllegalArgumentException("consumidor.ingest.audit.retention must be at least 180 days, not " + retention);
            }
        }
    }

    /**
     * @param ownerUser     the schema owner that runs migrations
     * @param ownerPassword its password: needed only where migrations run ({@code --migrate}, {@code --audit-retention},
     *                      or {@code migrateOnStart}); the serving app in production never holds it
     * @param migrateOnStart migrate at start-up as the owner (development mode); otherwise the app only checks that
     *                      the schema is current and refuses to start when it is behind
     * @param adminUser     optional administrator that creates the roles on start-up (local stack only)
     * @param adminPassword the administrator's password
     * @param appRole       the role the app connects as (spring.datasource.username)
     * @param appPassword   the app role's password
     */
    public record Database(@NotBlank String ownerUser, String ownerPassword, String adminUser,
                           String adminPassword, @NotBlank String appRole, @NotBlank String appPassword,
                           @DefaultValue("false") boolean migrateOnStart) {

        public boolean bootstrapRoles() {
            return adminUser != null && !adminUser.isBlank();
        }

        @Override
        public String toString() {
            return "Database[ownerUser=" + ownerUser + ", adminUser=" + adminUser + ", appRole=" + appRole + ", migrateOnStart="
                    + migrateOnStart + "]";
        }
    }

    /**
     * @param development      development mode ({@code consumidor.dev-mode}): a missing key is generated under
     *                         {@code devKeyDir}; otherwise a missing key stops the start, naming its setting
     * @param devKeyDir        where development keys are generated when none are given
     * @param encryptionKeyset Tink JSON keyset (AES-256-GCM) for the encrypted columns
     * @param lookupKeyset     Tink JSON keyset (HMAC-SHA-256 PRF) for the CPF blind index
     * @param subjectKeyId     id of the subject key, part of every subject
     * @param subjectKey       base64 secret (at least 32 bytes) of the subject pseudonymiser
     * @param kekUri           the KMS key the three keysets are wrapped with ({@code aws-kms://<key ARN>}, or the local
     *                         stand-in {@code local-kms://<file>}); empty: the keysets are cleartext Tink JSON
     */
    public record Keys(boolean development, @NotNull Path devKeyDir, String encryptionKeyset, String lookupKeyset,
                       @NotBlank String subjectKeyId, String subjectKey, @DefaultValue("") String kekUri) {

        @Override
        public String toString() {
            return "Keys[development=" + development + ", devKeyDir=" + devKeyDir + ", subjectKeyId=" + subjectKeyId + ", kekUri=" + kekUri + "]";
        }
    }

    /**
     * @param issuer            the {@code iss} a token must carry
     * @param audience          an {@code aud} a token must carry
     * @param publicKeyLocation PEM RSA public key trusted in local mode
     * @param jwkSetUri         the issuer's JWKS in production; wins over publicKeyLocation
     */
    public record Jwt(@NotBlank String issuer, @NotBlank String audience, String publicKeyLocation, String jwkSetUri) {
    }
}
