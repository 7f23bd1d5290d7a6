package io.mgd.core.runner.hooks;

import io.mgd.core.runner.BaseRunner;

/**
 * An mmcv runner hook: every stage method is a no-op by default, and the train/val variants fall
 * back to the generic {@code before/after_epoch} and {@code before/after_iter} methods exactly as
 * in mmcv, so a hook overrides only what it needs. Registration order and {@link Priority} decide
 * the calling order.
 */
public interface Hook {
    default void beforeRun(BaseRunner runner) {}

    default void afterRun(BaseRunner runner) {}

    default void beforeEpoch(BaseRunner runner) {}

    default void afterEpoch(BaseRunner runner) {}

    default void beforeIter(BaseRunner runner) {}

    default void afterIter(BaseRunner runner) {}

    default void beforeTrainEpoch(BaseRunner runner) {
        beforeEpoch(runner);
    }

    default void beforeValEpoch(BaseRunner runner) {
        beforeEpoch(runner);
    }

    default void afterTrainEpoch(BaseRunner runner) {
        afterEpoch(runner);
    }

    default void afterValEpoch(BaseRunner runner) {
        afterEpoch(runner);
    }

    default void beforeTrainIter(BaseRunner runner) {
        beforeIter(runner);
    }

    default void beforeValIter(BaseRunner runner) {
        beforeIter(runner);
    }

    default void afterTrainIter(BaseRunner runner) {
        afterIter(runner);
    }

    default void afterValIter(BaseRunner runner) {
        afterIter(runner);
    }

    /** {@code (epoch + 1) % n == 0}; false for n <= 0. */
    static boolean everyNEpochs(BaseRunner runner, int n) {
        return n > 0 && (runner.epoch() + 1) % n == 0;
    }

    /** {@code (inner_iter + 1) % n == 0}; false for n <= 0. */
    static boolean everyNInnerIters(BaseRunner runner, int n) {
        return n > 0 && (runner.innerIter() + 1) % n == 0;
    }

    /** {@code (iter + 1) % n == 0}; false for n <= 0. */
    static boolean everyNIters(BaseRunner runner, int n) {
        return n > 0 && (runner.iter() + 1) % n == 0;
    }

    /** Whether the current iteration is the last of the data loader's pass. */
    static boolean endOfEpoch(BaseRunner runner) {
        return runner.innerIter() + 1 == runner.dataLoader().size();
    }

    static boolean isLastEpoch(BaseRunner runner) {
        return runner.epoch() + 1 == runner.maxEpochs();
    }

    static boolean isLastIter(BaseRunner runner) {
        return runner.iter() + 1 == runner.maxIters();
    }
}
