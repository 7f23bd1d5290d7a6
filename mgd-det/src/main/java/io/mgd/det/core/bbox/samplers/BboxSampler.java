package io.mgd.det.core.bbox.samplers;

import ai.djl.ndarray.NDArray;
import io.mgd.det.core.bbox.assigners.AssignResult;

/** mmdet's {@code BaseSampler}: picks positive and negative candidates from an assignment. */
public interface BboxSampler {
    /**
     * @param bboxes the candidates (N×4, or N×5 with scores)
     * @param gtLabels gt labels, needed when gts are added as proposals; may be null
     */
    SamplingResult sample(AssignResult assignResult, NDArray bboxes, NDArray gtBboxes, NDArray gtLabels);

    /** Sorted indices with {@code gtInds > 0} (positive) or {@code == 0} (negative). */
    static long[] where(long[] gtInds, boolean positive) {
        int count = 0;
        for (long g : gtInds) {
            if (positive ? g > 0 : g == 0) {
                count++;
            }
        }
        long[] out = new long[count];
        int k = 0;
        for (int i = 0; i < gtInds.length; i++) {
            if (positive ? gtInds[i] > 0 : gtInds[i] == 0) {
                out[k++] = i;
            }
        }
        return out;
    }
}
