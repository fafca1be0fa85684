package io.consumidor.ingest.web;

import io.consumidor.core.cpf.InvalidCpfException;
import io.consumidor.ingest.consumer.ConsumerNotFoundException;
import io.consumidor.ingest.consumer.DebtNotFoundException;
import io.consumidor.ingest.consumer.VersionMismatchException;
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
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error of the API as an RFC 9457 problem. Validation problems name the offending field in
 * {@code errors}; no problem ever echoes the submitted value (it may be a CPF or a name).
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

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

    @ExceptionHandler(VersionMismatchException.class)
    ProblemDetail versionMismatch(VersionMismatchException e, HttpServletRequest request) {
        return withInstance(ProblemDetail.forStatusAndDetail(e.status(), e.getMessage()), request);
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
        String field = e.getCause() instanceof JacksonException jackson ? path(jackson) : "";
        String message = field.isEmpty() ? "the body is not valid JSON for this operation"
                : "has a value of the wrong type or outside its allowed set";
        return ResponseEntity.badRequest().body(withInstance(invalid(List.of(Map.of("field", field.isEmpty() ? "(body)" : field,
                "message", message))), request));
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Every problem's instance is the request id: the path would carry the CPF. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            withInstance(problem, request);
        }
        return response;
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

    private static ProblemDetail invalid(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is invalid; nothing was stored.");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }
}
