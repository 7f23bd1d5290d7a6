package io.mgd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Tensor helpers that the engine's aliasing rules make necessary. */
public final class Tensors {
    private Tensors() {}

    /**
     * A copy of {@code value} as {@code type} whose memory libtorch owns. An array made from Java
     * data (a loaded checkpoint, a collated batch) borrows a Java direct buffer that the garbage
     * collector frees once that array is closed, and {@code toType(sameType, true)} may alias it
     * rather than copy; {@code duplicate()} (torch {@code clone}) always copies.
     */
    public static NDArray ownedCopy(NDArray value, DataType type) {
        if (value.getDataType() == type) {
            return value.duplicate();
        }
        return value.toType(type, true);
    }

    /**
     * A libtorch-owned copy of an array just made from Java data, closing the original: safe to
     * keep in an autograd graph whatever happens to the Java buffer afterwards.
     */
    public static NDArray owned(NDArray javaBacked) {
        NDArray copy = javaBacked.duplicate();
        javaBacked.close();
        return copy;
    }

    /**
     * A 0-d array holding {@code value} in {@code like}'s data type, made by libtorch
     * ({@code torch.full}), so an autograd graph may keep it. DJL's {@code x.mul(Number)},
     * {@code div}, {@code pow}, {@code maximum} and {@code minimum} wrap the number in an array made
     * from Java data and close it straight away, but libtorch saves that array for the backward pass
     * (d(x·c)/dx = c): once the garbage collector frees its buffer the gradient reads freed memory.
     * Graph code therefore uses the helpers below instead of those overloads ({@code add}/{@code sub}
     * by a number are safe: their backward saves nothing).
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** {@code x * c} with a libtorch-owned scalar (see {@link #scalar}). */
    public static NDArray mul(NDArray x, double c) {
        return x.mul(scalar(x, c));
    }

    /** {@code x / c} with a libtorch-owned scalar (see {@link #scalar}). */
    public static NDArray div(NDArray x, double c) {
        return x.div(scalar(x, c));
    }

    /** {@code x ** c} with a libtorch-owned scalar (see {@link #scalar}). */
    public static NDArray pow(NDArray x, double c) {
        return x.pow(scalar(x, c));
    }

    /** {@code torch.maximum(x, c)} with a libtorch-owned scalar (see {@link #scalar}). */
    public static NDArray maximum(NDArray x, double c) {
        return x.maximum(scalar(x, c));
    }

    /** {@code torch.minimum(x, c)} with a libtorch-owned scalar (see {@link #scalar}). */
    public static NDArray minimum(NDArray x, double c) {
        return x.minimum(scalar(x, c));
    }
}
