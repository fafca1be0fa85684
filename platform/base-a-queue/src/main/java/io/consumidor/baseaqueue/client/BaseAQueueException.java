package io.consumidor.baseaqueue.client;

/**
 * The worker refused or could not answer a request ({@link #status()} as HTTP would say it: 400, 401, 403,
 * 404, 503), or its answer could not be fetched or opened here (status 0).
 */
public class BaseAQueueException extends RuntimeException {

    private final int status;
    private final String title;

    public BaseAQueueException(int status, String title, String detail) {
        super(status == 0 ? title + ": " + detail : status + " " + title + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.title = title;
    }

    public BaseAQueueException(String title, String detail, Throwable cause) {
        super(title + ": " + detail, cause);
        this.status = 0;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
