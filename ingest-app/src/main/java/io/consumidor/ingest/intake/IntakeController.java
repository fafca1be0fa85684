package io.consumidor.ingest.intake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import io.consumidor.apisecurity.RequestIdFilter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /events}: Base C events and Base B fact updates from other producers. 202 when at least one
 * item was stored (with the refused ones listed); a 400 problem listing every item when none was.
 */
@RestController
public class IntakeController {

    private final IntakeService intake;

    public IntakeController(IntakeService intake) {
        this.intake = intake;
    }

    @PostMapping("/events")
    public ResponseEntity<?> accept(@Valid @RequestBody IntakeRequest request, HttpServletRequest http) {
        IntakeResult result = intake.accept(request);
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
