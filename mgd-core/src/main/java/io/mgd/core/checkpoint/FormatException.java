package io.mgd.core.checkpoint;

/**
 * What is wrong inside a checkpoint's bytes, before the file name is known; {@link PthFiles}
 * turns it into a {@link CheckpointException} that names the file.
 */
final class FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
        super(message);
    }
}
