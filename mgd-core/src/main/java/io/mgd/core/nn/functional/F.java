package io.mgd.core.nn.functional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Tensors;

/**
 * Functional ops with {@code torch.nn.functional} semantics (checked against PyTorch 1.13 golden
 * fixtures): activations, pooling, dropout, interpolation and losses. Everything is composed of
 * differentiable DJL ops, so gradients match torch's under a {@code GradientCollector}. Arrays
 * belong to the caller's scope. Random draws (dropout) use the engine's seeded generator.
 */
public final class F {
    private F() {}

    // ---- activations ----------------------------------------------------------------------

    /** {@code F.softmax(x, dim=axis)}. */
    public static NDArray softmax(NDArray x, int axis) {
        return x.softmax(axis);
    }

    /** {@code F.log_softmax(x, dim=axis)}. */
    public static NDArray logSoftmax(NDArray x, int axis) {
        return x.logSoftmax(axis);
    }

    /** {@code torch.sigmoid}. */
    public static NDArray sigmoid(NDArray x) {
        return ai.djl.nn.Activation.sigmoid(x);
    }

    /** {@code F.relu}. */
    public static NDArray relu(NDArray x) {
        return ai.djl.nn.Activation.relu(x);
    }

    // ---- pooling --------------------------------------------------------------------------

    /** {@code F.max_pool2d} (dilation 1); kernel, stride, padding are (h, w). */
    public static NDArray maxPool2d(NDArray x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        return ai.djl.nn.pooling.Pool.maxPool2d(x, new Shape(kernel[0], kernel[1]),
                new Shape(stride[0], stride[1]), new Shape(padding[0], padding[1]), ceilMode);
    }

    /** {@code F.avg_pool2d} with torch's divisors for {@code ceil_mode}/{@code count_include_pad}. */
    public static NDArray avgPool2d(NDArray x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad) {
        return Pooling.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad);
    }

    /** {@code F.adaptive_avg_pool2d(x, (outH, outW))} with torch's bin boundaries. */
    public static NDArray adaptiveAvgPool2d(NDArray x, int outH, int outW) {
        return Pooling.adaptiveAvgPool2d(x, outH, outW);
    }

    // ---- dropout --------------------------------------------------------------------------

    /** {@code F.dropout}: in training zeroes elements with probability p, scales by 1/(1-p). */
    public static NDArray dropout(NDArray x, float p, boolean training) {
        checkP(p);
        if (!training || p == 0f) {
            return x;
        }
        return ai.djl.nn.norm.Dropout.dropout(x, p, true).head();
    }

    /** {@code F.dropout2d} on N×C×H×W: zeroes whole channels with probability p, scales by 1/(1-p). */
    public static NDArray dropout2d(NDArray x, float p, boolean training) {
        checkP(p);
        if (!training || p == 0f) {
            return x;
        }
        if (p == 1f) {
            return x.mul(0f); // torch: input * 0, no division by zero
        }
        Shape s = x.getShape();
        try (NDArray u = x.getManager().randomUniform(0f, 1f, new Shape(s.get(0), s.get(1), 1, 1));
                NDArray keep = u.lt(1f - p); NDArray noise = keep.toType(x.getDataType(), false).div(1f - p)) {
            return x.mul(noise);
        }
    }

    private static void checkP(float p) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
    }

    // ---- interpolation --------------------------------------------------------------------

    /**
     * {@code F.interpolate(x, size=(h, w), mode=mode, align_corners=alignCorners)} on N×C×H×W.
     *
     * @param mode {@code "nearest"} (torch's legacy rule, src = floor(dst * in/out)) or
     *     {@code "bilinear"}
     * @param alignCorners null for torch's default; must be null for nearest, as in torch
     */
    public static NDArray interpolate(NDArray x, long[] size, String mode, Boolean alignCorners) {
        return resize(x, size[0], size[1], null, null, mode, alignCorners);
    }

    /**
     * {@code F.interpolate(x, scale_factor=(sh, sw), ...)}: the output size is floor(in * s) and
     * the source index uses 1/s (torch's default {@code recompute_scale_factor=None}).
     */
    public static NDArray interpolate(NDArray x, double[] scaleFactor, String mode, Boolean alignCorners) {
        Shape s = x.getShape();
        long h = (long) Math.floor(s.get(2) * scaleFactor[0]);
        long w = (long) Math.floor(s.get(3) * scaleFactor[1]);
        return resize(x, h, w, scaleFactor[0], scaleFactor[1], mode, alignCorners);
    }

    /** {@code F.interpolate(x, scale_factor=s, ...)} with the same factor on both axes. */
    public static NDArray interpolate(NDArray x, double scaleFactor, String mode, Boolean alignCorners) {
        return interpolate(x, new double[] {scaleFactor, scaleFactor}, mode, alignCorners);
    }

    private static NDArray resize(NDArray x, long h, long w, Double sh, Double sw, String mode,
            Boolean alignCorners) {
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("interpolate expects N×C×H×W input, got " + x.getShape());
        }
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("interpolate output size must be positive, got (" + h + ", " + w + ")");
        }
        switch (mode) {
            case "nearest" -> {
                if (alignCorners != null) {
                    throw new IllegalArgumentException(
                            "align_corners option can only be set with the interpolating modes: linear | bilinear");
                }
                return Resize.nearest(Resize.nearest(x, 3, w, sw), 2, h, sh);
            }
            case "bilinear" -> {
                boolean ac = Boolean.TRUE.equals(alignCorners);
                return Resize.linear(Resize.linear(x, 3, w, sw, ac), 2, h, sh, ac);
            }
            default -> throw new IllegalArgumentException(
                    "interpolate mode must be 'nearest' or 'bilinear', got '" + mode + "'");
        }
    }

    // ---- classification losses ------------------------------------------------------------

    /** {@code F.cross_entropy(logits, target)} with torch defaults (mean, ignore_index -100). */
    public static NDArray crossEntropy(NDArray logits, NDArray target) {
        return crossEntropy(logits, target, null, -100, Reduction.MEAN, 0f);
    }

    /**
     * {@code F.cross_entropy} over class axis 1: logits N×C[×d...], integer target N[×d...].
     * Ignored targets contribute 0 and are left out of the mean's denominator (sum of the
     * targets' class weights); {@code labelSmoothing} follows torch (not mmcls's variant).
     *
     * @param classWeight C weights or null
     */
    public static NDArray crossEntropy(NDArray logits, NDArray target, NDArray classWeight, int ignoreIndex,
            Reduction reduction, float labelSmoothing) {
        return Losses.crossEntropy(logits, target, classWeight, ignoreIndex, noBatchMean(reduction), labelSmoothing);
    }

    /**
     * {@code F.binary_cross_entropy_with_logits} in torch's stable form.
     *
     * @param weight elementwise weight (broadcast) or null
     * @param posWeight weight of positive examples (broadcast over the last axis) or null
     */
    public static NDArray binaryCrossEntropyWithLogits(NDArray logits, NDArray target, NDArray weight,
            NDArray posWeight, Reduction reduction) {
        return noBatchMean(reduction).apply(Losses.bceWithLogits(logits, target, weight, posWeight));
    }

    /**
     * Elementwise sigmoid focal loss as mmdet's {@code py_sigmoid_focal_loss} before its
     * weight/reduction step: {@code bce(pred, t) * (α t + (1-α)(1-t)) * pt^γ} with
     * {@code pt = (1-σ) t + σ (1-t)}; target is float, same shape as pred (one-hot).
     */
    public static NDArray sigmoidFocalLoss(NDArray pred, NDArray target, float gamma, float alpha) {
        return Losses.sigmoidFocal(pred, target, gamma, alpha);
    }

    // ---- regression and distribution losses -----------------------------------------------

    /** {@code F.mse_loss}. */
    public static NDArray mseLoss(NDArray pred, NDArray target, Reduction reduction) {
        return noBatchMean(reduction).apply(pred.sub(target).square());
    }

    /** {@code F.l1_loss}. */
    public static NDArray l1Loss(NDArray pred, NDArray target, Reduction reduction) {
        return noBatchMean(reduction).apply(pred.sub(target).abs());
    }

    /** {@code F.smooth_l1_loss(beta=beta)}: 0.5 d²/β for |d| < β, else |d| - β/2; β = 0 is L1. */
    public static NDArray smoothL1Loss(NDArray pred, NDArray target, float beta, Reduction reduction) {
        if (beta < 0) {
            throw new IllegalArgumentException("smooth_l1 beta must be >= 0, got " + beta);
        }
        NDArray d = pred.sub(target).abs();
        if (beta == 0f) {
            return noBatchMean(reduction).apply(d);
        }
        NDArray quadratic = d.square().mul(Tensors.scalar(d.getManager(), 0.5f / beta));
        NDArray loss = NDArrays.where(d.lt(beta), quadratic, d.sub(0.5f * beta));
        return noBatchMean(reduction).apply(loss);
    }

    /**
     * {@code F.kl_div(input, target, reduction, log_target)}: input holds log-probabilities;
     * elementwise {@code t (log t - input)}, 0 where t = 0 (torch's xlogy).
     */
    public static NDArray klDiv(NDArray input, NDArray target, Reduction reduction, boolean logTarget) {
        NDArray loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            // log of 1 where t == 0 keeps both branches finite, so gradients have no NaN
            NDArray safe = NDArrays.where(target.gt(0f), target, target.onesLike());
            loss = target.mul(safe.log()).sub(target.mul(input));
        }
        return reduction.apply(loss);
    }

    private static Reduction noBatchMean(Reduction r) {
        if (r == Reduction.BATCHMEAN) {
            throw new IllegalArgumentException("reduction 'batchmean' is only valid for kl_div");
        }
        return r;
    }

    static NDArray asLong(NDArray target) {
        return target.getDataType() == DataType.INT64 ? target : target.toType(DataType.INT64, false);
    }
}
