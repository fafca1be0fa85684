package io.consumidor.ingest.consumer;

import io.consumidor.ingest.IngestProperties;
import io.consumidor.core.cnpj.Cnpj;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.subject.Subject;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.ingest.consumer.ConsumerRepository.Sealed;
import io.consumidor.ingest.consumer.ConsumerRepository.SealedDebt;
import io.consumidor.ingest.consumer.ConsumerRepository.Stored;
import io.consumidor.ingest.consumer.ConsumerRepository.StoredDebt;
import io.consumidor.ingest.consumer.ConsumerRepository.Written;
import io.consumidor.ingest.crypto.BlindIndex;
import io.consumidor.ingest.crypto.FieldEncryption;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.wire.Feed;
import io.consumidor.ingest.outbox.OutboxWriter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Registers, reads and erases consumers. Each operation writes its derived events to the outbox in the
 * same transaction, so Base B and C learn of exactly the changes that were committed.
 */
@Service
public class ConsumerService {

    private final ConsumerRepository repository;
    private final FieldEncryption encryption;
    private final BlindIndex blindIndex;
    private final SubjectPseudonymizer pseudonymizer;
    private final OutboxWriter outbox;
    private final ProfileEvents events;
    private final JsonMapper json = JsonMapper.builder().build();

    private final int maxDebts;

    public ConsumerService(ConsumerRepository repository, FieldEncryption encryption, BlindIndex blindIndex,
                           SubjectPseudonymizer pseudonymizer, OutboxWriter outbox, IngestProperties properties) {
        this.maxDebts = properties.maxDebtsPerConsumer();
        this.repository = repository;
        this.encryption = encryption;
        this.blindIndex = blindIndex;
        this.pseudonymizer = pseudonymizer;
        this.outbox = outbox;
        this.events = new ProfileEvents(Clock.systemUTC());
    }

    /** What a register-or-replace did. */
    public record Registration(ConsumerView consumer, boolean created) {
    }

    /**
     * Registers or replaces a consumer. The answer is built from the request and what the writes returned,
     * not by reading back and decrypting what was just encrypted: registration is the hot path.
     */
    @Transactional
    public Registration register(Cpf cpf, ConsumerRequest request, Long ifMatch) {
        byte[] hmac = blindIndex.of(cpf);
        Sealed sealed = seal(hmac, cpf, request);
        Written written;
        boolean created;
        if (ifMatch == null) {
            // Without If-Match only a new consumer may be stored: one statement, which tells by its conflict
            // that the consumer exists (and waits for a concurrent registration of the same CPF to finish).
            written = repository.insertIfAbsent(hmac, sealed).orElseThrow(VersionMismatchException::missing);
            created = true;
        } else {
            Optional<Long> existingId = repository.idOf(hmac);
            created = existingId.isEmpty();
            if (created) {
                written = repository.insertIfAbsent(hmac, sealed).orElseThrow(VersionMismatchException::stale);
            } else {
                written = repository.update(existingId.get(), hmac, ifMatch, sealed).orElseThrow(VersionMismatchException::stale);
                repository.clearDebts(hmac);
            }
        }
        List<StoredDebt> debts = repository.insertDebts(written.id(), request.debts().stream().map(d -> seal(hmac, d)).toList());
        Subject subject = pseudonymizer.subjectOf(cpf);
        outbox.append(Feed.PROFILE, events.profile(subject, request.personalFacts(), debts, written.version(), written.updatedAt()));
        return new Registration(view(hmac, cpf, subject, request, debts, written), created);
    }

    @Transactional
    public ConsumerView.DebtView addDebt(Cpf cpf, ConsumerRequest.Debt debt) {
        byte[] hmac = blindIndex.of(cpf);
        // The touch takes the consumer's row lock first, so concurrent additions count one after another.
        if (!repository.touchIfPresent(hmac)) {
            throw new ConsumerNotFoundException();
        }
        long consumerId = repository.idOf(hmac).orElseThrow(ConsumerNotFoundException::new);
        if (repository.debtCount(consumerId) >= maxDebts) {
            throw new DebtLimitException(maxDebts);
        }
        long debtId = repository.addDebt(consumerId, seal(hmac, debt));
        debtsChanged(cpf, hmac);
        return new ConsumerView.DebtView(debtId, Cnpj.parse(debt.creditorCnpj()).digits(), debt.amount(), debt.currency(), debt.dueDate(),
                debt.status().name(), debt.contractReference());
    }

    @Transactional
    public void settleDebt(Cpf cpf, long debtId) {
        byte[] hmac = blindIndex.of(cpf);
        if (!repository.settleDebt(hmac, debtId)) {
            throw new DebtNotFoundException();
        }
        debtsChanged(cpf, hmac);
    }

    private void debtsChanged(Cpf cpf, byte[] hmac) {
        repository.touch(hmac);
        Stored stored = repository.find(hmac).orElseThrow();
        outbox.append(Feed.PROFILE, events.debtSummaryChanged(pseudonymizer.subjectOf(cpf), stored.debts(), stored.version(),
                stored.updatedAt()));
    }

    /**
     * Every lookup is itself a bureau query, recorded for Base C by the statement that reads the consumer: one
     * round trip, no transaction to open and commit, and nothing recorded for a consumer who does not exist.
     */
    public ConsumerView find(Cpf cpf, String requestedBy, String client, String purpose) {
        Subject subject = pseudonymizer.subjectOf(cpf);
        Stored stored = repository.findRecording(blindIndex.of(cpf),
                        outbox.row(Feed.ACTIVITY, events.bureauQuery(subject, requestedBy, client, purpose)))
                .orElseThrow(ConsumerNotFoundException::new);
        return view(cpf, subject, stored);
    }

    /** One page of a consumer's debts (oldest first), read and decrypted page by page in SQL; recorded as a lookup. */
    public record DebtsView(String subject, int page, int pageSize, long total, boolean hasMore, List<ConsumerView.DebtView> debts) {
    }

    public DebtsView debts(Cpf cpf, String requestedBy, String client, String purpose, int page, int pageSize) {
        Subject subject = pseudonymizer.subjectOf(cpf);
        byte[] hmac = blindIndex.of(cpf);
        long offset = Math.min((long) page * pageSize, maxDebts);
        ConsumerRepository.DebtPage found = repository.findRecordingDebtPage(hmac,
                        outbox.row(Feed.ACTIVITY, events.bureauQuery(subject, requestedBy, client, purpose)), (int) offset, pageSize)
                .orElseThrow(ConsumerNotFoundException::new);
        List<ConsumerView.DebtView> debts = found.consumer().debts().stream().map(d -> debtView(hmac, d)).toList();
        return new DebtsView(subject.value(), page, pageSize, found.totalDebts(), offset + debts.size() < found.totalDebts(), debts);
    }

    /**
     * LGPD erasure: the row and its debts go, and so does every outbox row of the subject; one tombstone tells B and
     * C to forget it.
     */
    @Transactional
    public void erase(Cpf cpf) {
        long tombstoneVersion = repository.erase(blindIndex.of(cpf)).orElseThrow(ConsumerNotFoundException::new);
        Subject subject = pseudonymizer.subjectOf(cpf);
        outbox.forget(subject);
        // One tombstone, on the profile feed (the only queue erasures are accepted from): the router erases B and C.
        outbox.append(Feed.PROFILE, events.erased(subject, tombstoneVersion));
    }

    /** Every value bound to the consumer's row by its blind index: moved onto another consumer's row, it does not decrypt. */
    private Sealed seal(byte[] hmac, Cpf cpf, ConsumerRequest request) {
        PersonalFacts facts = request.personalFacts();
        return new Sealed(encryption.encrypt("cpf", hmac, cpf.digits()), encryption.encrypt("name", hmac, request.name()),
                encryption.encrypt("address", hmac, json.writeValueAsString(request.address())),
                encryption.encrypt("birth_date", hmac, request.birthDate().toString()),
                encryption.encrypt("facts", hmac, new StoredFacts(facts.assets(), facts.incomeSources()).json()));
    }

    private SealedDebt seal(byte[] hmac, ConsumerRequest.Debt debt) {
        return new SealedDebt(Cnpj.parse(debt.creditorCnpj()).digits(), debt.amount(), debt.currency(), debt.dueDate(), debt.status().name(),
                encryption.encrypt("contract", hmac, debt.contractReference()));
    }

    private ConsumerView view(byte[] hmac, Cpf cpf, Subject subject, ConsumerRequest request, List<StoredDebt> debts, Written written) {
        PersonalFacts facts = request.personalFacts();
        return new ConsumerView(cpf.formatted(), subject.value(), request.name(), request.address(), request.birthDate(),
                debts.stream().map(d -> debtView(hmac, d)).toList(), facts.assets(), facts.incomeSources(), written.version(),
                written.updatedAt());
    }

    private ConsumerView.DebtView debtView(byte[] hmac, StoredDebt d) {
        return new ConsumerView.DebtView(d.id(), d.creditorCnpj(), d.amount(), d.currency(), d.dueDate(), d.status(),
                encryption.decrypt("contract", hmac, d.contract()));
    }

    private ConsumerView view(Cpf cpf, Subject subject, Stored stored) {
        Sealed sealed = stored.sealed();
        byte[] hmac = stored.cpfHmac();
        List<ConsumerView.DebtView> debts = stored.debts().stream().map(d -> debtView(hmac, d)).toList();
        StoredFacts facts = facts(hmac, sealed);
        return new ConsumerView(cpf.formatted(), subject.value(), encryption.decrypt("name", hmac, sealed.name()),
                json.readValue(encryption.decrypt("address", hmac, sealed.address()), ConsumerRequest.Address.class),
                LocalDate.parse(encryption.decrypt("birth_date", hmac, sealed.birthDate())), debts, facts.assets(), facts.incomeSources(),
                stored.version(), stored.updatedAt());
    }

    private StoredFacts facts(byte[] hmac, Sealed sealed) {
        return sealed.facts() == null ? StoredFacts.UNKNOWN : StoredFacts.fromJson(encryption.decrypt("facts", hmac, sealed.facts()));
    }
}
