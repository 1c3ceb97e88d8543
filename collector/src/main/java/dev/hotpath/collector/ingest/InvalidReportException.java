package dev.hotpath.collector.ingest;

/** A report that breaks the contract; the message names the offending field and value. */
final class InvalidReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidReportException(String message) {
        super(message, null, false, false);
    }
}
