package io.consumidor.baseaqueue;

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
}
