package io.consumidor.ingest.intake;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who sends events through the intake: the token's client ({@code azp}, else its {@code sub}), recorded on every
 * event it sends, and the scopes that say which event types it may send.
 */
public record Producer(String id, Set<String> scopes) {

    private static final JwtGrantedAuthoritiesConverter SCOPES = new JwtGrantedAuthoritiesConverter();

    public static Producer of(Jwt token) {
        String id = token.getClaimAsString("azp") != null ? token.getClaimAsString("azp") : token.getSubject();
        return new Producer(id == null ? "unknown" : id, SCOPES.convert(token).stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("SCOPE_")).map(a -> a.substring("SCOPE_".length())).collect(Collectors.toUnmodifiableSet()));
    }

    public boolean may(String scope) {
        return scopes.contains(scope);
    }
}
