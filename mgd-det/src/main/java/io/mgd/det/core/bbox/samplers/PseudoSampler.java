package io.mgd.det.core.bbox.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.mgd.det.core.bbox.assigners.AssignResult;

/** mmdet's {@code PseudoSampler}: every positive and every negative, no sampling. */
public final class PseudoSampler implements BboxSampler {
    /** No options; mmdet accepts and ignores keyword arguments. */
    public record Options() {}

    @Override
    public SamplingResult sample(AssignResult assignResult, NDArray bboxes, NDArray gtBboxes, NDArray gtLabels) {
        NDArray b = bboxes.getShape().get(1) > 4 ? bboxes.get(new NDIndex(":, :4")) : bboxes;
        return new SamplingResult(BboxSampler.where(assignResult.gtInds(), true),
                BboxSampler.where(assignResult.gtInds(), false), b, gtBboxes, assignResult,
                new boolean[assignResult.numPreds()]);
    }
}
