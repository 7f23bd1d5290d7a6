package io.mgd.core.runner.hooks;

import io.mgd.core.runner.BaseRunner;

/**
 * mmcv's {@code IterTimerHook} (priority LOW): logs {@code data_time} (from the end of the last
 * iteration to the start of this one, i.e. batch loading) and {@code time} (the whole iteration).
 */
public final class IterTimerHook implements Hook {
    private long t;

    @Override
    public void beforeEpoch(BaseRunner runner) {
        t = System.nanoTime();
    }

    @Override
    public void beforeIter(BaseRunner runner) {
        runner.logBuffer().update("data_time", (System.nanoTime() - t) / 1e9);
    }

    @Override
    public void afterIter(BaseRunner runner) {
        runner.logBuffer().update("time", (System.nanoTime() - t) / 1e9);
        t = System.nanoTime();
    }
}
