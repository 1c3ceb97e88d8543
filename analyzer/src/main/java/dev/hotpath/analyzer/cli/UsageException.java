package dev.hotpath.analyzer.cli;

/** A command line the CLI cannot run: unknown command or option, missing or malformed value. */
final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
