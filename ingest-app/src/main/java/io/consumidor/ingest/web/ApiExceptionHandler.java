package io.consumidor.ingest.web;

import io.consumidor.apisecurity.RequestIdFilter;
import io.consumidor.core.cpf.InvalidCpfException;
import io.consumidor.ingest.consumer.ConsumerNotFoundException;
import io.consumidor.ingest.consumer.DebtNotFoundException;
import io.consumidor.ingest.consumer.VersionMismatchException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
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
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error of the API as an RFC 9457 problem whose {@code instance} is the request id. Validation problems
 * name the offending field in {@code errors}; no problem ever holds the request path (it carries the CPF) or a
 * submitted value (it may be a CPF or a name) — the allowed values of a closed set are named instead. An
 * unexpected error is a 500 problem too, logged by its class and request id only.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidCpfException.class)
    ProblemDetail invalidCpf(InvalidCpfException e, HttpServletRequest request) {
        return withInstance(invalid(List.of(Map.of("field", "cpf", "message", e.getMessage()))), request);
    }

    @ExceptionHandler(ConsumerNotFoundException.class)
    ProblemDetail notFound(ConsumerNotFoundException e, HttpServletRequest request) {
        return withInstance(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No consumer is registered under this CPF."), request);
    }

    @ExceptionHandler(DebtNotFoundException.class)
    ProblemDetail debtNotFound(DebtNotFoundException e, HttpServletRequest request) {
        return withInstance(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "This consumer has no unsettled debt with that id."), request);
    }

    @ExceptionHandler(io.consumidor.ingest.consumer.DebtLimitException.class)
    ProblemDetail debtLimit(io.consumidor.ingest.consumer.DebtLimitException e, HttpServletRequest request) {
        return withInstance(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()), request);
    }

    @ExceptionHandler(VersionMismatchException.class)
    ProblemDetail versionMismatch(VersionMismatchException e, HttpServletRequest request) {
        return withInstance(ProblemDetail.forStatusAndDetail(e.status(), e.getMessage()), request);
    }

    /** Path variables of the wrong type ({@code /debts/abc/settle}): named, the value not echoed. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String type = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName().toLowerCase();
        return withInstance(invalid(List.of(Map.of("field", e.getName(), "message", "must be a " + type))), request);
    }

    /**
     * The database refused what validation let through: its constraints are the last line. Nothing was stored
     * (the transaction rolled back); the constraint's name says which rule, never the values.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail constraintViolated(DataIntegrityViolationException e, HttpServletRequest request) {
        String constraint = constraintName(e);
        log.warn("request {} refused by the database: constraint {}", RequestIdFilter.instance(request), constraint);
        return withInstance(invalid(List.of(Map.of("field", "(body)", "message", "breaks the data rule " + constraint))), request);
    }

    /** Whatever else went wrong: a 500 problem, logged without the message (it may hold input). */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        log.error("request {} failed: {}", RequestIdFilter.instance(request), e.getClass().getName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; nothing was stored. Quote the instance when reporting it.");
        problem.setTitle("Internal error");
        return withInstance(problem, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .collect(Collectors.toList());
        return ResponseEntity.badRequest().body(withInstance(invalid(errors), request));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(withInstance(invalid(List.of(BodyErrors.describe(e))), request));
    }

    /**
     * The framework's own problems (no route, wrong method or media type, …): the instance is the request id,
     * and the detail a fixed sentence — Spring's details quote the request ("No static resource
     * consumers/52998224725/…"), which would hand the CPF back to gateways and logs.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            HttpStatus known = HttpStatus.resolve(problem.getStatus());
            problem.setDetail("The request could not be handled: " + (known == null ? "error" : known.getReasonPhrase()) + ".");
            withInstance(problem, request);
        }
        return response;
    }

    private static String constraintName(DataIntegrityViolationException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null
                    && psql.getServerErrorMessage().getConstraint() != null) {
                return psql.getServerErrorMessage().getConstraint();
            }
        }
        return "(unnamed)";
    }

    private static ProblemDetail withInstance(ProblemDetail problem, HttpServletRequest request) {
        problem.setInstance(RequestIdFilter.instance(request));
        return problem;
    }

    private static ProblemDetail withInstance(ProblemDetail problem, WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            problem.setInstance(RequestIdFilter.instance(servlet.getRequest()));
        }
        return problem;
    }

    static ProblemDetail invalid(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is invalid; nothing was stored.");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }
}
