package io.mgd.cls.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;

/**
 * A classification loss with mmcls's call signature {@code loss(cls_score, label, weight,
 * avg_factor, reduction_override)}. Losses hold no tensors, so they add no state-dict keys.
 */
public abstract class ClsLoss extends Module {
    protected ClsLoss(NDManager manager) {
        super(manager);
    }

    /**
     * @param clsScore logits (N, C)
     * @param label class indices (N,) int64, or per-class targets (N, C)
     * @param weight per-sample weights (N,) or null
     * @param avgFactor when set with reduction 'mean', the loss is sum / avgFactor
     * @param reductionOverride 'none' | 'mean' | 'sum' or null for the configured one
     */
    public abstract NDArray loss(NDArray clsScore, NDArray label, NDArray weight, Double avgFactor,
            String reductionOverride);

    /** {@code forward(cls_score, label)} with defaults. */
    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(loss(inputs.get(0), inputs.get(1), null, null, null));
    }
}
