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
 */
@Validated
@ConfigurationProperties("consumidor.operations")
public record OperationsPortProperties(@Valid @DefaultValue Jwt jwt) {

    public record Jwt(@NotBlank @DefaultValue("consumidor-local") String issuer, @NotBlank @DefaultValue("consumidor") String audience,
                      @DefaultValue("") String publicKeyLocation, @DefaultValue("") String jwkSetUri) {
    }
}
