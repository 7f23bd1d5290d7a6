package io.mgd.det.core.bbox.coder;

import ai.djl.ndarray.NDArray;

/** mmdet's {@code BaseBBoxCoder}: boxes ↔ regression targets. Registered in {@code BBOX_CODERS}. */
public interface BboxCoder {
    /** Deltas that move {@code bboxes} (N×4) onto {@code gtBboxes} (N×4). */
    NDArray encode(NDArray bboxes, NDArray gtBboxes);

    /**
     * Applies {@code pred} (N×4k) to {@code bboxes} (N×4).
     *
     * @param maxShape (h, w[, c]) to clip to, or null for no clipping
     */
    NDArray decode(NDArray bboxes, NDArray pred, int[] maxShape);
}
