package io.mgd.core.checkpoint;

import io.mgd.core.util.MgdException;

/**
 * A checkpoint that cannot be read, written or found: a corrupt, truncated or foreign file, a
 * value that cannot be pickled, a missing cache entry. The message names the file or source and
 * what was wrong; runtime error (exit code 1).
 */
public class CheckpointException extends MgdException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
