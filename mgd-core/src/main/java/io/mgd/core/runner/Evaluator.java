package io.mgd.core.runner;

import java.util.LinkedHashMap;

/**
 * The evaluation seam of {@link io.mgd.core.runner.hooks.EvalHook}: runs the model over a
 * validation set (in eval mode, without gradients) and returns metrics in log order, e.g.
 * {@code accuracy_top-1}, {@code bbox_mAP}, {@code mIoU}. Task modules implement it with their
 * test loop and dataset metrics.
 */
public interface Evaluator {
    /** Evaluates {@code runner.model()}; values are numbers or strings. */
    LinkedHashMap<String, Object> evaluate(BaseRunner runner);

    /** Batches in one evaluation pass (logged as the val line's {@code iter}). */
    int numBatches();
}
