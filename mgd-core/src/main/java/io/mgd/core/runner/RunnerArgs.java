package io.mgd.core.runner;

import ai.djl.ndarray.NDManager;
import io.mgd.core.optim.Optimizer;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every runner needs (mmcv {@code BaseRunner.__init__} arguments).
 *
 * @param model the model to train
 * @param optimizer its optimizer
 * @param workDir where logs and checkpoints go (created)
 * @param logger the text log (see {@link RunLogger}); build it at {@code <work_dir>/<timestamp>.log}
 * @param meta runner meta (env_info, config, seed, exp_name ...), first line of the json log and
 *     part of every checkpoint's meta; may be null like mmcv's
 * @param checkpointStore how checkpoints are written and read
 * @param manager owns arrays the runner creates outside a step (loaded checkpoints)
 * @param timestamp the run's {@code %Y%m%d_%H%M%S} stamp naming the log files
 */
public record RunnerArgs(TrainableModel model, Optimizer optimizer, Path workDir, RunLogger logger,
        Map<String, Object> meta, CheckpointStore checkpointStore, NDManager manager, String timestamp) {
    public RunnerArgs {
        if (model == null || workDir == null || logger == null || manager == null || timestamp == null) {
            throw new IllegalArgumentException("model, workDir, logger, manager and timestamp are required");
        }
    }

    /** The current local time as mmcv's {@code time.strftime('%Y%m%d_%H%M%S')}. */
    public static String newTimestamp() {
        return java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
    }
}
