package io.mgd.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * A trainable tensor owned by a {@link Module}, like {@code torch.nn.Parameter}. The array lives
 * in the model's long-lived manager; {@link #set} replaces it (closing the old one), which is
 * how checkpoints load.
 */
public final class Parameter {
    private NDArray data;
    private boolean requiresGrad;

    Parameter(NDArray data, boolean requiresGrad) {
        this.data = data;
        setRequiresGrad(requiresGrad);
    }

    /** The current value. */
    public NDArray data() {
        return data;
    }

    /** Whether the optimizer updates this tensor and autograd records it. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Freezes or unfreezes this tensor (mmcv {@code requires_grad=False}, frozen stages). */
    public void setRequiresGrad(boolean flag) {
        this.requiresGrad = flag;
        data.setRequiresGradient(flag);
    }

    /**
     * Replaces the value with a copy of {@code value} (same shape required) in this parameter's
     * manager; the previous array is closed.
     */
    public void set(NDArray value) {
        NDArray copy = Tensors.ownedCopy(value, data.getDataType());
        copy.attach(data.getManager());
        NDArray old = data;
        data = copy;
        old.close();
        setRequiresGrad(requiresGrad);
    }

    /** The accumulated gradient, or {@code null} when none was recorded. */
    public NDArray grad() {
        return requiresGrad && data.hasGradient() ? data.getGradient() : null;
    }
}
