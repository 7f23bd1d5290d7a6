package io.mgd.seg.models.losses;

import ai.djl.ndarray.NDArray;

/**
 * A loss a decode head lists in {@code loss_decode}: called as mmseg's
 * {@code loss_decode(seg_logit, seg_label, weight=seg_weight, ignore_index=...)} and logged under
 * {@link #lossName()}.
 */
public interface DecodeLoss {
    /**
     * The log key; losses sharing a name are summed. Only keys containing {@code loss} are
     * backpropagated.
     */
    String lossName();

    /**
     * @param segLogit N×C×H×W logits at label resolution
     * @param segLabel N×H×W int64 labels
     * @param weight per-pixel weights (N×H×W) or null
     * @param ignoreIndex label value that contributes nothing
     * @return the reduced loss
     */
    NDArray loss(NDArray segLogit, NDArray segLabel, NDArray weight, int ignoreIndex);
}
