package io.mgd.core.runner.hooks;

import io.mgd.core.runner.BaseRunner;
import java.util.List;

/**
 * mmcv's {@code LoggerHook} base (priority VERY_LOW): averages the log buffer every
 * {@code interval} (inner) iterations and calls {@link #log}; the last logger hook clears the
 * output after logging ({@code reset_flag}). Validation lines are logged at the end of an epoch
 * when an evaluation filled the buffer.
 */
public abstract class LoggerHook implements Hook {
    protected final int interval;
    protected final boolean ignoreLast;
    protected final boolean byEpoch;
    private boolean resetFlag;

    protected LoggerHook(int interval, boolean ignoreLast, boolean resetFlag, boolean byEpoch) {
        this.interval = interval;
        this.ignoreLast = ignoreLast;
        this.resetFlag = resetFlag;
        this.byEpoch = byEpoch;
    }

    /** Writes one record from {@code runner.logBuffer().output()}. */
    protected abstract void log(BaseRunner runner);

    @Override
    public void beforeRun(BaseRunner runner) {
        List<Hook> hooks = runner.hooks();
        for (int i = hooks.size() - 1; i >= 0; i--) {
            if (hooks.get(i) instanceof LoggerHook last) {
                last.resetFlag = true;
                break;
            }
        }
    }

    @Override
    public void beforeEpoch(BaseRunner runner) {
        runner.logBuffer().clear();
    }

    @Override
    public void afterTrainIter(BaseRunner runner) {
        if (byEpoch && Hook.everyNInnerIters(runner, interval)) {
            runner.logBuffer().average(interval);
        } else if (!byEpoch && Hook.everyNIters(runner, interval)) {
            runner.logBuffer().average(interval);
        } else if (Hook.endOfEpoch(runner) && !ignoreLast) {
            runner.logBuffer().average(interval);
        }
        flush(runner);
    }

    @Override
    public void afterTrainEpoch(BaseRunner runner) {
        flush(runner);
    }

    private void flush(BaseRunner runner) {
        if (runner.logBuffer().ready()) {
            log(runner);
            if (resetFlag) {
                runner.logBuffer().clearOutput();
            }
        }
    }

    /** {@code "train"} while iteration times are in the output, else {@code "val"}. */
    protected static String mode(BaseRunner runner) {
        return runner.mode().equals("train") && !runner.logBuffer().output().containsKey("time") ? "val"
                : runner.mode();
    }

    /** {@code epoch + 1} in train mode. */
    protected static int epoch(BaseRunner runner) {
        return runner.mode().equals("train") ? runner.epoch() + 1 : runner.epoch();
    }

    /** {@code inner_iter + 1} by epoch, else {@code iter + 1}. */
    protected int iter(BaseRunner runner) {
        return byEpoch ? runner.innerIter() + 1 : runner.iter() + 1;
    }
}
