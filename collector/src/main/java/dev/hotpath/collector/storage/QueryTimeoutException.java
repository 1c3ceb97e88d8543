package dev.hotpath.collector.storage;

import java.time.Duration;

/** A read ran longer than the query timeout (PostgreSQL cancelled it, or a request's statements added up to it). */
public final class QueryTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public QueryTimeoutException(Duration timeout, Throwable cause) {
        super("query ran longer than " + timeout, cause);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
