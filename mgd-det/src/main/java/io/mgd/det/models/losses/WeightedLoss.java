package io.mgd.det.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Tensors;

/**
 * Base of mmdet's element-wise losses: {@code loss_weight · reduce(loss · weight)} where the
 * reduction is {@code none}, {@code sum}, {@code mean}, or {@code sum / avg_factor} when an
 * avg_factor is given with {@code mean} (mmdet {@code weight_reduce_loss}). A parameter-less
 * {@link Module} so it can live in the model tree like mmdet's {@code nn.Module} losses.
 */
public abstract class WeightedLoss extends Module {
    private final String reduction;
    private final float lossWeight;

    protected WeightedLoss(NDManager manager, String reduction, double lossWeight) {
        super(manager);
        checkReduction(reduction, getClass().getSimpleName() + ".reduction");
        this.reduction = reduction;
        this.lossWeight = (float) lossWeight;
    }

    /**
     * The weighted, reduced loss.
     *
     * @param weight element-wise (or per-row) weight, or null
     * @param avgFactor divides the sum instead of the element count, or null
     * @param reductionOverride {@code none}/{@code mean}/{@code sum}, or null for the configured one
     */
    public final NDArray forward(NDArray pred, NDArray target, NDArray weight, Double avgFactor,
            String reductionOverride) {
        String r = reductionOverride == null ? reduction : reductionOverride;
        if (reductionOverride != null) {
            checkReduction(reductionOverride, "reduction_override");
        }
        return compute(pred, target, weight, avgFactor, r).mul(Tensors.scalar(pred.getManager(), lossWeight));
    }

    /** Same as {@code forward(pred, target, weight, avgFactor, null)}. */
    public final NDArray forward(NDArray pred, NDArray target, NDArray weight, Double avgFactor) {
        return forward(pred, target, weight, avgFactor, null);
    }

    /** The loss before {@code loss_weight}. */
    protected abstract NDArray compute(NDArray pred, NDArray target, NDArray weight, Double avgFactor,
            String reduction);

    /** Inputs: pred, target[, weight]; the configured reduction, no avg_factor. */
    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray weight = inputs.size() > 2 ? inputs.get(2) : null;
        return new NDList(forward(inputs.get(0), inputs.get(1), weight, null, null));
    }

    /** mmdet {@code weight_reduce_loss}. */
    static NDArray weightReduce(NDArray loss, NDArray weight, String reduction, Double avgFactor) {
        NDArray l = weight == null ? loss : loss.mul(weight);
        if (avgFactor == null) {
            return switch (reduction) {
                case "none" -> l;
                case "mean" -> l.mean();
                default -> l.sum();
            };
        }
        return switch (reduction) {
            case "mean" -> l.sum().div(Tensors.scalar(l.getManager(), avgFactor.floatValue()));
            case "none" -> l;
            default -> throw new IllegalArgumentException("avg_factor can not be used with reduction=\"sum\"");
        };
    }

    private static void checkReduction(String r, String key) {
        if (!"none".equals(r) && !"mean".equals(r) && !"sum".equals(r)) {
            throw new ConfigException(key + " must be one of none, mean, sum; got '" + r + "'");
        }
    }
}
