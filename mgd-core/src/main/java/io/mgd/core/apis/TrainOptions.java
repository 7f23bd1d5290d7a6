package io.mgd.core.apis;

import java.nio.file.Path;
import java.util.List;

/**
 * Arguments of {@code tools/train} (MMLab's names).
 *
 * @param config the config file
 * @param workDir where logs and checkpoints go; null → {@code work_dir} of the config, else
 *     {@code ./work_dirs/<config name>}
 * @param resumeFrom a checkpoint to resume (weights, optimizer, epoch/iter); null for none
 * @param cfgOptions {@code key=value} overrides
 * @param seed random seed, null to draw one
 * @param deterministic record deterministic mode (DJL's CPU kernels are deterministic already)
 * @param noValidate skip the evaluation hook
 */
public record TrainOptions(Path config, Path workDir, Path resumeFrom, List<String> cfgOptions, Long seed,
        boolean deterministic, boolean noValidate) {
    public TrainOptions {
        cfgOptions = cfgOptions == null ? List.of() : List.copyOf(cfgOptions);
    }
}
