package io.consumidor.baseaqueue;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.cpf.InvalidCpfException;

/**
 * What a requester asks, sealed to the worker's public key before it goes on the queue (it holds the CPF).
 *
 * @param purpose  why the data is read, recorded with the lookup (LGPD purpose limitation)
 * @param page     debts only: the page, from 0
 * @param pageSize debts only: 1 to {@link #MAX_PAGE_SIZE}
 */
public record QueueRequest(RequestKind kind, String cpf, String purpose, Integer page, Integer pageSize) {

    public static final int MAX_PAGE_SIZE = 1000;
    public static final int DEFAULT_PAGE_SIZE = 100;

    public static QueueRequest consumer(String cpf, String purpose) {
        return new QueueRequest(RequestKind.CONSUMER, cpf, purpose, null, null);
    }

    public static QueueRequest debts(String cpf, String purpose, int page, int pageSize) {
        return new QueueRequest(RequestKind.DEBTS, cpf, purpose, page, pageSize);
    }

    /** What is wrong with this request as asked, or null when nothing is (the CPF's check digits included). */
    public String invalid() {
        if (kind == null) {
            return "kind: required (consumer or debts)";
        }
        try {
            Cpf.parse(cpf == null ? "" : cpf);
        } catch (InvalidCpfException e) {
            return "cpf: not a valid CPF";
        }
        if (purpose == null || purpose.isBlank() || purpose.length() > 64) {
            return "purpose: required, up to 64 characters";
        }
        if (kind == RequestKind.DEBTS) {
            if (page != null && page < 0) {
                return "page: must be 0 or more";
            }
            if (pageSize != null && (pageSize < 1 || pageSize > MAX_PAGE_SIZE)) {
                return "pageSize: must be 1 to " + MAX_PAGE_SIZE;
            }
        }
        return null;
    }
}
