package io.consumidor.ingest.intake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import io.consumidor.apisecurity.RequestIdFilter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /events}: Base C events and Base B fact updates from other producers, each type under its own scope
 * ({@code events:card}, ...). 202 when at least one item was stored (with the refused ones listed); a 403 problem
 * when the token may send none of the batch's types; a 400 problem listing every item when none was valid.
 */
@RestController
public class IntakeController {

    private final IntakeService intake;

    public IntakeController(IntakeService intake) {
        this.intake = intake;
    }

    @PostMapping("/events")
    public ResponseEntity<?> accept(@Valid @RequestBody IntakeRequest request, HttpServletRequest http, @AuthenticationPrincipal Jwt token) {
        IntakeResult result = intake.accept(request, Producer.of(token));
        if (result.accepted() == 0 && result.rejected().stream().allMatch(IntakeResult.Rejection::forbidden)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "The token may send none of the batch's event types; nothing was stored.");
            problem.setTitle("Event types not allowed");
            problem.setInstance(RequestIdFilter.instance(http));
            problem.setProperty("rejected", result.rejected());
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
        }
        if (result.accepted() == 0) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "No event of the batch was valid; nothing was stored.");
            problem.setTitle("Invalid events");
            problem.setInstance(RequestIdFilter.instance(http));
            problem.setProperty("rejected", result.rejected());
            return ResponseEntity.badRequest().body(problem);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(result);
    }
}
