package io.mgd.det.core.bbox.assigners;

import ai.djl.ndarray.NDArray;

/** mmdet's {@code BaseAssigner}: matches candidate boxes to ground truths. */
public interface BboxAssigner {
    /**
     * @param bboxes candidates N×4
     * @param gtBboxes K×4
     * @param gtBboxesIgnore boxes to ignore (e.g. crowd), or null
     * @param gtLabels K labels, or null (then the result has no labels)
     */
    AssignResult assign(NDArray bboxes, NDArray gtBboxes, NDArray gtBboxesIgnore, NDArray gtLabels);
}
