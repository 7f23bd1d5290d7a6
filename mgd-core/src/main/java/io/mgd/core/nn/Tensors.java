package io.mgd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
     * A libtorch-owned 0-dim float32 scalar in {@code manager}, the operand to use instead of a
     * Java number in the binary ops whose autograd keeps the other operand for backward ({@code
     * mul}, {@code div}, {@code pow}, {@code maximum}, {@code minimum}). DJL's {@code x.mul(2.5f)}
     * wraps the number in an array that borrows a Java direct buffer and closes it right after the
     * op; autograd still holds that tensor, and once the garbage collector frees the buffer,
     * backward reads whatever was written there since (gradients of 1e14 instead of 2.5; a seg
     * teacher's loss went to 1e6 in ten steps). Being 0-dim, it does not change the result type of
     * a float32 or float64 array.
     */
    public static NDArray scalar(NDManager manager, double value) {
        return manager.full(new Shape(), (float) value);
    }
}
