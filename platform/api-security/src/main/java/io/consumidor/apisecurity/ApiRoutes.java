package io.consumidor.apisecurity;

import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An API's route table: each route with the methods that reach it and the authorities it needs (all of them).
 * It is the whole of what the API opens; {@link BearerApiSecurity#apply} ends the chain in {@code denyAll()}.
 * <p>
 * A read route opens GET <em>and</em> HEAD under the same authorities: Spring MVC answers HEAD from the GET
 * handler, so a rule that names GET alone leaves HEAD to whatever rule comes next. OPTIONS and TRACE are never
 * opened (no browser calls these APIs, so there is no CORS preflight to serve).
 */
public final class ApiRoutes {

    /**
     * One rule: a method and a path pattern (Spring's {@code PathPattern} syntax), and the authorities it needs —
     * all of them, or any one where {@code anyOne}.
     */
    public record Route(HttpMethod method, String pattern, List<String> authorities, boolean anyOne) {
        public Route {
            if (authorities.isEmpty()) {
                throw new IllegalArgumentException(method + " " + pattern + " names no authority: every route needs one");
            }
            authorities = List.copyOf(authorities);
        }

        AuthorizationManager<RequestAuthorizationContext> access() {
            List<AuthorizationManager<RequestAuthorizationContext>> all = authorities.stream()
                    .<AuthorizationManager<RequestAuthorizationContext>>map(AuthorityAuthorizationManager::hasAuthority).toList();
            AuthorizationManager<RequestAuthorizationContext>[] each = all.toArray(AuthorizationManager[]::new);
            return all.size() == 1 ? all.get(0) : anyOne ? AuthorizationManagers.anyOf(each) : AuthorizationManagers.allOf(each);
        }
    }

    private final List<Route> routes = new ArrayList<>();

    private ApiRoutes() {
    }

    public static ApiRoutes of() {
        return new ApiRoutes();
    }

    /** GET and HEAD of {@code pattern}, for a token holding every one of {@code authorities}. */
    public ApiRoutes read(String pattern, String... authorities) {
        return reads(pattern, false, authorities);
    }

    /** GET and HEAD of {@code pattern}, for a token holding any one of {@code authorities} (an API's own description, say). */
    public ApiRoutes readByAnyOf(String pattern, String... authorities) {
        return reads(pattern, true, authorities);
    }

    private ApiRoutes reads(String pattern, boolean anyOne, String... authorities) {
        routes.add(new Route(HttpMethod.GET, pattern, Arrays.asList(authorities), anyOne));
        routes.add(new Route(HttpMethod.HEAD, pattern, Arrays.asList(authorities), anyOne));
        return this;
    }

    /** One state-changing method of {@code pattern} (POST, PUT, PATCH or DELETE), for a token holding every one of {@code authorities}. */
    public ApiRoutes write(HttpMethod method, String pattern, String... authorities) {
        if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS) || method.equals(HttpMethod.TRACE)) {
            throw new IllegalArgumentException(method + " is not a write: declare reads with read(), OPTIONS and TRACE stay closed");
        }
        routes.add(new Route(method, pattern, Arrays.asList(authorities), false));
        return this;
    }

    /** One state-changing method of {@code pattern}, for a token holding any one of {@code authorities}; the handler narrows it down. */
    public ApiRoutes writeByAnyOf(HttpMethod method, String pattern, String... authorities) {
        write(method, pattern, authorities);
        Route added = routes.remove(routes.size() - 1);
        routes.add(new Route(added.method(), added.pattern(), added.authorities(), true));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    void applyTo(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        for (Route route : routes) {
            auth.requestMatchers(route.method(), route.pattern()).access(route.access());
        }
    }
}
