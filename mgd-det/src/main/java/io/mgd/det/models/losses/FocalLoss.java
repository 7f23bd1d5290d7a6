package io.mgd.det.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Tensors;
import io.mgd.core.nn.functional.F;
import io.mgd.core.registry.Default;

/**
 * mmdet's sigmoid {@code FocalLoss} (the {@code py_sigmoid_focal_loss} path): pred N×C logits,
 * target N labels in [0, C] where C is background (one-hot over C+1, last column dropped), or an
 * N×C float target. A per-row weight (N) broadcasts over classes.
 */
public final class FocalLoss extends WeightedLoss {
    private final float gamma;
    private final float alpha;
    private final boolean activated;

    /** mmdet options; only {@code use_sigmoid=True} exists in mmdet. */
    public record Options(@Default("true") boolean useSigmoid, @Default("2.0") double gamma,
            @Default("0.25") double alpha, @Default("mean") String reduction, @Default("1.0") double lossWeight,
            @Default("false") boolean activated) {
        public Options {
            if (!useSigmoid) {
                throw new ConfigException("FocalLoss: only sigmoid focal loss supported now (use_sigmoid=True)");
            }
        }
    }

    public FocalLoss(NDManager manager, Options o) {
        super(manager, o.reduction(), o.lossWeight());
        this.gamma = (float) o.gamma();
        this.alpha = (float) o.alpha();
        this.activated = o.activated();
    }

    @Override
    protected NDArray compute(NDArray pred, NDArray target, NDArray weight, Double avgFactor, String reduction) {
        NDArray t = target;
        if (target.getShape().dimension() == 1) {
            long c = pred.getShape().get(1);
            NDArray classes = pred.getManager().arange(0, c, 1, DataType.INT64);
            t = target.toType(DataType.INT64, false).expandDims(1).eq(classes).toType(pred.getDataType(), false);
        } else {
            t = target.toType(pred.getDataType(), false);
        }
        NDArray loss;
        if (activated) {
            NDArray oneMinusT = t.neg().add(1f);
            NDArray pt = pred.neg().add(1f).mul(t).add(pred.mul(oneMinusT));
            NDArray fw = t.mul(alpha).add(oneMinusT.mul(1f - alpha)).mul(pt.pow(Tensors.scalar(pt.getManager(), gamma)));
            // F.binary_cross_entropy clamps each log at -100
            NDArray bce = t.mul(pred.log().maximum(Tensors.scalar(pred.getManager(), -100)))
                    .add(oneMinusT.mul(pred.neg().add(1f).log().maximum(Tensors.scalar(pred.getManager(), -100))))
                    .neg();
            loss = bce.mul(fw);
        } else {
            loss = F.sigmoidFocalLoss(pred, t, gamma, alpha);
        }
        return weightReduce(loss, rowWeight(weight, loss), reduction, avgFactor);
    }

    /** mmdet: a weight of another shape is viewed as (N, 1) or (N, -1). */
    static NDArray rowWeight(NDArray weight, NDArray loss) {
        if (weight == null || weight.getShape().equals(loss.getShape())) {
            return weight;
        }
        long n = loss.getShape().get(0);
        if (weight.getShape().get(0) == n) {
            return weight.reshape(n, -1);
        }
        if (weight.size() != loss.size()) {
            throw new IllegalArgumentException("focal loss weight " + weight.getShape() + " does not fit loss "
                    + loss.getShape());
        }
        return weight.reshape(n, -1);
    }
}
