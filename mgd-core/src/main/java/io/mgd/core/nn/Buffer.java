package io.mgd.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * A non-trainable tensor of a {@link Module} (BN running stats, {@code num_batches_tracked}).
 * Persistent buffers are part of the state dict.
 */
public final class Buffer {
    private NDArray data;
    private final boolean persistent;

    Buffer(NDArray data, boolean persistent) {
        this.data = data;
        this.persistent = persistent;
    }

    public NDArray data() {
        return data;
    }

    public boolean persistent() {
        return persistent;
    }

    /** Replaces the value with a copy of {@code value} in this buffer's manager. */
    public void set(NDArray value) {
        NDArray copy = Tensors.ownedCopy(value, data.getDataType());
        copy.attach(data.getManager());
        NDArray old = data;
        data = copy;
        old.close();
    }
}
