package io.mgd.core.util;

/**
 * A failure a user can act on: the message names the file, key, module or type involved and
 * what was expected. Tools print {@link #getMessage()} (no stack trace) and exit with
 * {@link #exitCode()}: 2 for usage/config errors, 1 for runtime errors.
 */
public class MgdException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public MgdException(String message) {
        this(message, 1, null);
    }

    public MgdException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    protected MgdException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Process exit code a CLI should use for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
