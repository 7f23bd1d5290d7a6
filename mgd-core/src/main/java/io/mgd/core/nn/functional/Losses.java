package io.mgd.core.nn.functional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Tensors;

/** The longer loss formulas behind {@link F}, written after torch 1.13's ATen code. */
final class Losses {
    private Losses() {}

    static NDArray crossEntropy(NDArray logits, NDArray target, NDArray classWeight, int ignoreIndex,
            Reduction reduction, float labelSmoothing) {
        if (labelSmoothing < 0f || labelSmoothing > 1f) {
            throw new IllegalArgumentException("label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        Shape ls = logits.getShape();
        if (ls.dimension() < 2 || !ls.slice(2).equals(target.getShape().slice(1))
                || ls.get(0) != target.getShape().get(0)) {
            throw new IllegalArgumentException("cross_entropy expects logits N×C[×d..] and target N[×d..], got "
                    + ls + " and " + target.getShape());
        }
        long classes = ls.get(1);
        NDArray t = F.asLong(target);
        NDArray logp = logits.logSoftmax(1);
        NDArray valid = t.neq(ignoreIndex);
        NDArray safe = t.mul(valid.toType(DataType.INT64, false)); // ignored -> class 0, masked below
        NDArray picked = logp.gather(safe.expandDims(1), 1).squeeze(1);
        NDArray w = valid.toType(logits.getDataType(), false);
        if (classWeight != null) {
            w = classWeight.get(new NDIndex("{}", safe)).mul(w);
        }
        NDArray nll = picked.mul(w).neg();
        NDArray nllOut = reduce(nll, w, reduction);
        if (labelSmoothing == 0f) {
            return nllOut;
        }
        NDArray weighted = logp;
        if (classWeight != null) {
            long[] b = new long[ls.dimension()];
            java.util.Arrays.fill(b, 1);
            b[1] = classes;
            weighted = logp.mul(classWeight.reshape(b));
        }
        NDArray smooth = weighted.sum(new int[] {1}).neg().mul(valid.toType(logits.getDataType(), false));
        NDArray smoothOut = reduce(smooth, w, reduction);
        return nllOut.mul(Tensors.scalar(nllOut.getManager(), 1f - labelSmoothing))
                .add(smoothOut.mul(Tensors.scalar(nllOut.getManager(), labelSmoothing / classes)));
    }

    /** torch's nll reduction: the mean divides by the summed target weights. */
    private static NDArray reduce(NDArray loss, NDArray weights, Reduction reduction) {
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div(weights.sum());
            case BATCHMEAN -> throw new IllegalArgumentException("cross_entropy does not accept batchmean");
        };
    }

    static NDArray bceWithLogits(NDArray x, NDArray t, NDArray weight, NDArray posWeight) {
        // (1 - t) x + lw * (log(exp(-m) + exp(-x - m)) + m), m = max(-x, 0), lw = 1 + (pw - 1) t
        NDArray m = x.neg().maximum(Tensors.scalar(x.getManager(), 0));
        NDArray softplus = m.neg().exp().add(x.neg().sub(m).exp()).log().add(m);
        NDArray lw = posWeight == null ? null : posWeight.sub(1f).mul(t).add(1f);
        NDArray loss = t.neg().add(1f).mul(x).add(lw == null ? softplus : lw.mul(softplus));
        return weight == null ? loss : loss.mul(weight);
    }

    static NDArray sigmoidFocal(NDArray pred, NDArray target, float gamma, float alpha) {
        NDArray t = target.toType(pred.getDataType(), false);
        NDArray p = F.sigmoid(pred);
        NDArray oneMinusT = t.neg().add(1f);
        NDArray pt = p.neg().add(1f).mul(t).add(p.mul(oneMinusT));
        NDArray focalWeight = t.mul(alpha).add(oneMinusT.mul(1f - alpha)).mul(pt.pow(Tensors.scalar(pt.getManager(), gamma)));
        return bceWithLogits(pred, t, null, null).mul(focalWeight);
    }
}
