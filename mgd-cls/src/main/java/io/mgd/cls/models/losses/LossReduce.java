package io.mgd.cls.models.losses;

import ai.djl.ndarray.NDArray;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Tensors;
import io.mgd.core.util.MgdException;
import java.util.Set;

/** mmcls {@code weight_reduce_loss} and the element-wise criteria of {@code cross_entropy_loss.py}. */
final class LossReduce {
    static final Set<String> REDUCTIONS = Set.of("none", "mean", "sum");

    private LossReduce() {}

    static void checkReduction(String owner, String reduction) {
        if (!REDUCTIONS.contains(reduction)) {
            throw new ConfigException(owner + ": reduction must be one of none, mean, sum; got '" + reduction + "'");
        }
    }

    /** Applies sample weights, then mean/sum, or sum / avgFactor for 'mean' with an avg factor. */
    static NDArray weightReduce(NDArray loss, NDArray weight, String reduction, Double avgFactor) {
        if (weight != null) {
            NDArray w = weight.toType(loss.getDataType(), false);
            if (loss.getShape().dimension() > 1 && w.getShape().dimension() == 1) {
                w = w.reshape(-1, 1);
            }
            loss = loss.mul(w);
        }
        if (avgFactor == null) {
            return switch (reduction) {
                case "mean" -> loss.mean();
                case "sum" -> loss.sum();
                default -> loss;
            };
        }
        if ("mean".equals(reduction)) {
            return loss.sum().div(Tensors.scalar(loss.getManager(), avgFactor));
        }
        if (!"none".equals(reduction)) {
            throw new MgdException("avg_factor can not be used with reduction=\"sum\"");
        }
        return loss;
    }

    /** {@code F.cross_entropy(pred, label, weight=class_weight, reduction='none')}. */
    static NDArray crossEntropy(NDArray pred, NDArray label, float[] classWeight) {
        long c = pred.getShape().get(1);
        NDArray oneHot = label.oneHot((int) c).toType(pred.getDataType(), false);
        NDArray nll = pred.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        if (classWeight != null) {
            NDArray w = pred.getManager().create(classWeight);
            nll = nll.mul(oneHot.mul(w).sum(new int[] {1}));
        }
        return nll;
    }

    /** {@code -label * log_softmax(pred)}, times class weights, summed over classes. */
    static NDArray softCrossEntropy(NDArray pred, NDArray label, float[] classWeight) {
        NDArray loss = label.toType(pred.getDataType(), false).mul(pred.logSoftmax(-1)).neg();
        if (classWeight != null) {
            loss = loss.mul(pred.getManager().create(classWeight));
        }
        return loss.sum(new int[] {-1});
    }

    /** {@code F.binary_cross_entropy_with_logits(..., reduction='none')} with class and pos weights. */
    static NDArray binaryCrossEntropy(NDArray pred, NDArray label, float[] classWeight, float[] posWeight) {
        NDArray y = label.toType(pred.getDataType(), false);
        // softplus(-x) computed stably: log(1 + exp(-|x|)) + max(-x, 0)
        NDArray softplusNeg = pred.abs().neg().exp().add(1).log().add(pred.neg().maximum(Tensors.scalar(pred.getManager(), 0)));
        NDArray logWeight = posWeight == null ? null
                : y.mul(pred.getManager().create(posWeight).sub(1)).add(1);
        NDArray loss = y.neg().add(1).mul(pred).add(logWeight == null ? softplusNeg : logWeight.mul(softplusNeg));
        if (classWeight != null) {
            loss = loss.mul(pred.getManager().create(classWeight));
        }
        return loss;
    }

    static float[] floats(java.util.List<Double> values) {
        if (values == null) {
            return null;
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
