package io.mgd.core.runner.hooks;

import io.mgd.core.runner.BaseRunner;
import io.mgd.core.runner.Progress;

/**
 * A progress bar with ETA over the whole training run, on stderr. Only on a terminal: in logs
 * and CI the text logger's periodic lines (with their own {@code eta}) already show progress.
 */
public final class ProgressBarHook implements Hook {
    private Progress progress;

    @Override
    public void beforeTrainIter(BaseRunner runner) {
        if (progress == null && Progress.interactive() && runner.maxIters() > 0) {
            progress = Progress.start("train", runner.maxIters(), null);
            progress.step(runner.iter());
        }
    }

    @Override
    public void afterTrainIter(BaseRunner runner) {
        if (progress != null) {
            progress.step(1);
        }
    }

    @Override
    public void afterRun(BaseRunner runner) {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
