package io.mgd.core.runner;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the runner writes and reads mmcv checkpoint dicts ({@code meta}, {@code state_dict},
 * {@code optimizer}); the real implementation writes PyTorch {@code .pth} files.
 *
 * <p>Contract: {@link #save} must be atomic, i.e. write a temporary file in the same directory and
 * rename it onto {@code path}, so an interrupted save never damages an existing checkpoint. The
 * runner relies on this and does no temp-file handling of its own; it only creates the
 * {@code latest.pth} link and deletes old files. Tensor values handed to {@code save} are live
 * arrays that change after the call returns: serialize or copy them before returning.
 */
public interface CheckpointStore {
    /** Writes {@code checkpoint} to {@code path} atomically. */
    void save(Path path, Map<String, Object> checkpoint);

    /** Reads a checkpoint dict; errors name the file and what is wrong with it. */
    Map<String, Object> load(Path path);
}
