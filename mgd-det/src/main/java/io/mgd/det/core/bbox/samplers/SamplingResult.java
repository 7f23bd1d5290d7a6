package io.mgd.det.core.bbox.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.mgd.det.core.bbox.assigners.AssignResult;

/**
 * mmdet's {@code SamplingResult}: sorted unique positive and negative candidate indices, the
 * (0-based) gt each positive matched, and whether a positive is a gt added as a proposal.
 *
 * @param bboxes the candidates sampled from (with prepended gts when the sampler added them)
 * @param gtBboxes the image's gts
 */
public record SamplingResult(long[] posInds, long[] negInds, NDArray bboxes, NDArray gtBboxes,
        AssignResult assignResult, boolean[] gtFlags) {

    /** Number of gts of the image. */
    public int numGts() {
        return (int) gtBboxes.getShape().get(0);
    }

    /** The gt index (0-based) of each positive. */
    public long[] posAssignedGtInds() {
        long[] out = new long[posInds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = assignResult.gtInds()[(int) posInds[i]] - 1;
        }
        return out;
    }

    /** The gt label of each positive, or null when the assignment had no labels. */
    public long[] posGtLabels() {
        if (assignResult.labels() == null) {
            return null;
        }
        long[] out = new long[posInds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = assignResult.labels()[(int) posInds[i]];
        }
        return out;
    }

    /** Whether each positive is a gt box added as a proposal. */
    public boolean[] posIsGt() {
        boolean[] out = new boolean[posInds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = gtFlags[(int) posInds[i]];
        }
        return out;
    }

    /** Positive candidate boxes, P×4. */
    public NDArray posBboxes() {
        return rows(bboxes, posInds);
    }

    /** Negative candidate boxes, Q×4. */
    public NDArray negBboxes() {
        return rows(bboxes, negInds);
    }

    /** The matched gt box of each positive, P×4. */
    public NDArray posGtBboxes() {
        return rows(gtBboxes, posAssignedGtInds());
    }

    private static NDArray rows(NDArray a, long[] inds) {
        if (inds.length == 0) {
            return a.getManager().zeros(new ai.djl.ndarray.types.Shape(0, 4), a.getDataType());
        }
        return a.get(new NDIndex("{}", io.mgd.core.nn.Tensors.owned(a.getManager().create(inds))));
    }
}
