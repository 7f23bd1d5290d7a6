package io.mgd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

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
}
