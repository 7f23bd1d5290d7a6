package io.mgd.det.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Tensors;
import io.mgd.core.registry.Default;

/** mmdet's {@code SmoothL1Loss}: 0.5·d²/β where d &lt; β, else d − β/2 (β &gt; 0). */
public final class SmoothL1Loss extends WeightedLoss {
    private final float beta;

    /** mmdet options. */
    public record Options(@Default("1.0") double beta, @Default("mean") String reduction,
            @Default("1.0") double lossWeight) {
        public Options {
            if (!(beta > 0)) {
                throw new ConfigException("SmoothL1Loss: beta must be > 0, got " + beta);
            }
        }
    }

    public SmoothL1Loss(NDManager manager, Options o) {
        super(manager, o.reduction(), o.lossWeight());
        this.beta = (float) o.beta();
    }

    @Override
    protected NDArray compute(NDArray pred, NDArray target, NDArray weight, Double avgFactor, String reduction) {
        if (target.size() == 0) {
            return pred.sum().mul(0f);
        }
        L1Loss.checkShapes(pred, target);
        NDArray d = pred.sub(target).abs();
        NDArray quadratic = d.mul(Tensors.scalar(d.getManager(), 0.5)).mul(d).div(Tensors.scalar(d.getManager(), beta));
        NDArray loss = NDArrays.where(d.lt(beta), quadratic, d.sub(0.5f * beta));
        return weightReduce(loss, weight, reduction, avgFactor);
    }
}
