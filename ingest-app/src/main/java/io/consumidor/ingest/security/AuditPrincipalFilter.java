package io.consumidor.ingest.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Hands the authenticated caller to the audit filter, which sits outside Spring Security and so cannot
 * read the security context itself. Runs right after authentication, before authorisation, so a 403 is
 * audited with who was refused.
 */
public class AuditPrincipalFilter extends OncePerRequestFilter {

    public static final String PRINCIPAL = AuditPrincipalFilter.class.getName() + ".principal";
    public static final String CLIENT = AuditPrincipalFilter.class.getName() + ".client";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            request.setAttribute(PRINCIPAL, jwt.getName());
            request.setAttribute(CLIENT, jwt.getToken().getClaimAsString("azp"));
        }
        chain.doFilter(request, response);
    }
}
