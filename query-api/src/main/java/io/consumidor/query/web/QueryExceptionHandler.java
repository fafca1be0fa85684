package io.consumidor.query.web;

import io.consumidor.apisecurity.RequestIdFilter;
import io.consumidor.core.cpf.InvalidCpfException;
import io.consumidor.query.web.InvalidRequestException;
import io.consumidor.query.load.BusyException;
import io.consumidor.query.summary.NotRecordedException;
import io.consumidor.query.summary.SummaryService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Map;

/**
 * Every error as an RFC 9457 problem whose {@code instance} is the request id; validation problems name the
 * field in {@code errors}. No problem echoes the request body (it holds the CPF).
 */
@RestControllerAdvice
public class QueryExceptionHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidCpfException.class)
    ProblemDetail invalidCpf(InvalidCpfException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "The request is invalid.", request);
        problem.setProperty("errors", List.of(Map.of("field", "cpf", "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidQuery(InvalidRequestException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "The request is invalid.", request);
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(SummaryService.NotFoundException.class)
    ProblemDetail notFound(SummaryService.NotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), request);
    }

    @ExceptionHandler(SummaryService.UndecidableException.class)
    ProblemDetail undecidable(SummaryService.UndecidableException e, HttpServletRequest request) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), request);
    }

    @ExceptionHandler(NotRecordedException.class)
    ProblemDetail notRecorded(NotRecordedException e, HttpServletRequest request) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "The lookup could not be recorded, so it is not answered; try again shortly.", request);
    }

    /** Every turn to read the stores stayed taken: a 503 the caller retries after a second. */
    @ExceptionHandler(BusyException.class)
    ResponseEntity<ProblemDetail> busy(BusyException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), request));
    }

    /** A store that is down is the caller's 503 to retry, not our 500 (the summary degrades by section instead). */
    @ExceptionHandler({java.io.UncheckedIOException.class, co.elastic.clients.elasticsearch._types.ElasticsearchException.class})
    ProblemDetail storeUnavailable(RuntimeException e, HttpServletRequest request) {
        logger.warn("a store did not answer " + request.getMethod() + " " + request.getRequestURI().replaceAll("/subjects/[^/]+", "/subjects/-")
                + ": " + e.getClass().getSimpleName());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Base C is not answering now; try again shortly.", request);
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e, HttpServletRequest request) {
        logger.error("unexpected failure of " + request.getMethod() + " " + request.getRequestURI().replaceAll("/subjects/[^/]+", "/subjects/-") + ": " + e.getClass().getName());
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side.", request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "The request is invalid.", ((ServletWebRequest) request).getRequest());
        problem.setProperty("errors", e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage()))).toList());
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
        String shape = servlet.getRequestURI().endsWith("/v1/features")
                ? "a feature request: {\"cpf\": \"...\", \"dataset\": \"...\", \"purpose\": \"...\"}"
                : "a summary request: {\"cpf\": \"...\", \"purpose\": \"...\"}";
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "The body is not " + shape + ".", servlet));
    }

    private static ProblemDetail problem(HttpStatus status, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(RequestIdFilter.instance(request));
        return problem;
    }
}
