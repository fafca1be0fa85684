package io.consumidor.apisecurity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The tokens an app without an API of its own (the stream router, the scheduler) accepts on its operators' port
 * ({@code consumidor.operations.jwt.*}): the same issuer and key as the APIs', so one monitoring token with
 * {@code ops:read} reads every app. Without a key (neither a PEM location nor a JWK set) the app does not start.
 *
 * @param jwt which tokens are trusted
 */
@Validated
@ConfigurationProperties("consumidor.operations")
public record OperationsPortProperties(@Valid @DefaultValue Jwt jwt) {

    /**
     * @param issuer            the {@code iss} a token must carry
     * @param audience          an {@code aud} a token must carry
     * @param publicKeyLocation the issuer's RS256 public key as PEM (the local issuer's), or empty with a JWK set
     * @param jwkSetUri         the issuer's JWK set (production), or empty with a PEM key
     */
    public record Jwt(@NotBlank @DefaultValue("consumidor-local") String issuer, @NotBlank @DefaultValue("consumidor") String audience,
                      @DefaultValue("") String publicKeyLocation, @DefaultValue("") String jwkSetUri) {
    }
}
