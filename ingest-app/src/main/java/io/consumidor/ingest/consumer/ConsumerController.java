package io.consumidor.ingest.consumer;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.ingest.security.AuditPrincipalFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The consumer resource, addressed by CPF (formatted or not). Versions travel as ETag / If-Match. */
@RestController
@RequestMapping("/consumers")
public class ConsumerController {

    private final ConsumerService consumers;

    public ConsumerController(ConsumerService consumers) {
        this.consumers = consumers;
    }

    @PutMapping("/{cpf}")
    public ResponseEntity<ConsumerView> register(@PathVariable String cpf, @Valid @RequestBody ConsumerRequest request,
                                                 @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        ConsumerService.Registration registration = consumers.register(Cpf.parse(cpf), request, version(ifMatch));
        return ResponseEntity.status(registration.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(Long.toString(registration.consumer().version())).body(registration.consumer());
    }

    @GetMapping("/{cpf}")
    public ResponseEntity<ConsumerView> read(@PathVariable String cpf, HttpServletRequest http,
                                             @RequestHeader(value = "X-Query-Purpose", defaultValue = "unspecified") String purpose) {
        ConsumerView consumer = consumers.find(Cpf.parse(cpf), String.valueOf(http.getAttribute(AuditPrincipalFilter.PRINCIPAL)),
                String.valueOf(http.getAttribute(AuditPrincipalFilter.CLIENT)), purpose);
        return ResponseEntity.ok().eTag(Long.toString(consumer.version())).body(consumer);
    }

    @PostMapping("/{cpf}/debts")
    public ResponseEntity<ConsumerView.DebtView> addDebt(@PathVariable String cpf, @Valid @RequestBody ConsumerRequest.Debt debt) {
        return ResponseEntity.status(HttpStatus.CREATED).body(consumers.addDebt(Cpf.parse(cpf), debt));
    }

    @PostMapping("/{cpf}/debts/{debtId}/settle")
    public ResponseEntity<Void> settleDebt(@PathVariable String cpf, @PathVariable long debtId) {
        consumers.settleDebt(Cpf.parse(cpf), debtId);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{cpf}")
    public ResponseEntity<Void> erase(@PathVariable String cpf) {
        consumers.erase(Cpf.parse(cpf));
        return ResponseEntity.noContent().build();
    }

    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.replace("W/", "").replace("\"", "").trim());
        } catch (NumberFormatException e) {
            throw VersionMismatchException.stale();
        }
    }
}
