package io.consumidor.apisecurity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Answers a client past its rate ({@link ClientRateLimits}) with a 429 problem and {@code Retry-After}, before the
 * request reaches a handler or a database connection. Runs in the security chain right after the token is verified,
 * so the client is the token's and cannot be claimed in a header; requests without a valid token are the
 * entry point's 401s and never get this far.
 */
public final class ClientRateLimitFilter extends OncePerRequestFilter {

    private final ClientRateLimits limits;
    private final ProblemResponses problems;

    public ClientRateLimitFilter(ClientRateLimits limits, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt token) {
            OptionalLong wait = limits.take(client(token));
            if (wait.isPresent()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.getAsLong())));
                problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "This client sends more requests than its rate allows; retry after "
                        + Math.max(1, wait.getAsLong()) + " s.");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The client a token speaks for: its {@code azp} (OAuth client), else its {@code sub}. */
    public static String client(Jwt token) {
        String azp = token.getClaimAsString("azp");
        return azp != null ? azp : String.valueOf(token.getSubject());
    }
}
