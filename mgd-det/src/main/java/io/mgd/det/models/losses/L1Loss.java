package io.mgd.det.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mgd.core.registry.Default;

/** mmdet's {@code L1Loss}: |pred − target|, weighted and reduced. */
public final class L1Loss extends WeightedLoss {
    /** mmdet options. */
    public record Options(@Default("mean") String reduction, @Default("1.0") double lossWeight) {}

    public L1Loss(NDManager manager, Options o) {
        super(manager, o.reduction(), o.lossWeight());
    }

    @Override
    protected NDArray compute(NDArray pred, NDArray target, NDArray weight, Double avgFactor, String reduction) {
        if (target.size() == 0) {
            return io.mgd.core.nn.Tensors.mul(pred.sum(), 0f);
        }
        checkShapes(pred, target);
        return weightReduce(pred.sub(target).abs(), weight, reduction, avgFactor);
    }

    static void checkShapes(NDArray pred, NDArray target) {
        if (!pred.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("loss pred " + pred.getShape() + " and target " + target.getShape()
                    + " differ in shape");
        }
    }
}
