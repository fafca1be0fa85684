package io.consumidor.ingest.web;

import io.consumidor.apisecurity.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.consumidor.ingest.IngestProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses bodies larger than {@code consumidor.ingest.max-request-size} (default 1 MB) with a 413 problem
 * before anything reads them. Bodies without a declared length (chunked) are refused outright: every
 * legitimate client of this API sends a Content-Length.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ProblemResponses problems;

    public RequestSizeLimitFilter(IngestProperties properties, ProblemResponses problems) {
        this.maxBytes = properties.maxRequestSize().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes || chunked) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
                    "The request body must declare its length and be at most " + maxBytes + " bytes.");
            return;
        }
        chain.doFilter(request, response);
    }
}
