package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.functional.F;

/**
 * {@code torch.nn.MaxPool2d} with dilation 1 (the only value MMLab models use); no parameters.
 * As in torch, the stride defaults to the kernel size.
 */
public final class MaxPool2d extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;

    /** Square pooling: {@code MaxPool2d(kernel, stride, padding)}, floor mode. */
    public MaxPool2d(NDManager manager, int kernel, int stride, int padding) {
        this(manager, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding}, false);
    }

    /**
     * Per-axis (h, w) pooling.
     *
     * @param stride null for the kernel size
     */
    public MaxPool2d(NDManager manager, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        super(manager);
        this.kernel = kernel.clone();
        this.stride = stride == null ? kernel.clone() : stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        for (int i = 0; i < 2; i++) {
            if (this.padding[i] * 2 > this.kernel[i]) {
                throw new IllegalArgumentException("pad should be at most half of kernel size, but got pad="
                        + this.padding[i] + " and kernel_size=" + this.kernel[i]);
            }
        }
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(F.maxPool2d(inputs.head(), kernel, stride, padding, ceilMode));
    }

    public boolean ceilMode() {
        return ceilMode;
    }
}
