package io.mgd.det.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mgd.core.registry.Default;
import io.mgd.det.core.bbox.BboxOverlaps;

/**
 * mmdet's {@code GIoULoss}: 1 − GIoU of aligned (x1, y1, x2, y2) pairs. As in mmdet, a weight
 * with no positive entry returns {@code (pred · weight).sum()} (a graph-connected zero) and an
 * N×4 weight is averaged to N.
 */
public final class GIoULoss extends WeightedLoss {
    private final double eps;

    /** mmdet options. */
    public record Options(@Default("1e-6") double eps, @Default("mean") String reduction,
            @Default("1.0") double lossWeight) {}

    public GIoULoss(NDManager manager, Options o) {
        super(manager, o.reduction(), o.lossWeight());
        this.eps = o.eps();
    }

    @Override
    protected NDArray compute(NDArray pred, NDArray target, NDArray weight, Double avgFactor, String reduction) {
        NDArray w = weight;
        if (w != null && !w.gt(0f).any().getBoolean()) {
            if (pred.getShape().dimension() == w.getShape().dimension() + 1) {
                w = w.expandDims(1);
            }
            return pred.mul(w).sum();
        }
        if (w != null && w.getShape().dimension() > 1) {
            w = w.mean(new int[] {-1});
        }
        NDArray loss = BboxOverlaps.bboxOverlaps(pred, target, "giou", true, eps).neg().add(1f);
        return weightReduce(loss, w, reduction, avgFactor);
    }
}
