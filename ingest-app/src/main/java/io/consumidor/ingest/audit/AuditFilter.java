package io.consumidor.ingest.audit;

import io.consumidor.ingest.security.AuditPrincipalFilter;
import io.consumidor.apisecurity.RequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;

/**
 * Records every request in the append-only audit log — including those Spring Security refuses, since it
 * runs outside the security chain. It records the route template, never the path (which holds the CPF) or
 * the body. Refusals go through {@link RefusalAudit} (batched, off the request's thread); the rest is written
 * before the filter returns.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class AuditFilter extends OncePerRequestFilter {

    private final AuditLog auditLog;
    private final RefusalAudit refusals;

    public AuditFilter(AuditLog auditLog, RefusalAudit refusals) {
        this.auditLog = auditLog;
        this.refusals = refusals;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            AuditEntry entry = new AuditEntry(AuditEntry.HTTP,
                    String.valueOf(request.getAttribute(RequestIdFilter.ATTRIBUTE)),
                    (String) request.getAttribute(AuditPrincipalFilter.PRINCIPAL),
                    (String) request.getAttribute(AuditPrincipalFilter.CLIENT),
                    request.getRemoteAddr(),
                    request.getMethod(),
                    route(request),
                    status,
                    (int) ((System.nanoTime() - start) / 1_000_000));
            // A refusal is queued for a batch writer: a flood of them holds no connection on the request's thread.
            if (RefusalAudit.isRefusal(status)) {
                refusals.record(entry);
            } else {
                auditLog.record(entry);
            }
        }
    }

    /** The matched route template, or — when no handler was reached (401, 403, 404) — the path with every
     *  segment that holds a digit replaced, so a CPF can never land in the log. */
    static String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null) {
            return pattern.toString();
        }
        return request.getRequestURI().replaceAll("/[^/]*\\d[^/]*", "/{id}");
    }
}
