package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import java.util.List;
import io.mgd.core.nn.functional.F;

/**
 * {@code torch.nn.MaxPool2d} with dilation 1 (the only value MMLab models use); no parameters.
 * As in torch, the stride defaults to the kernel size.
 */
public final class MaxPool2d extends Module implements OnnxExportable {
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

    /** ONNX {@code MaxPool} (ceil_mode exists from opset 10). */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        return List.of(g.node("MaxPool", List.of(inputs.get(0)), OnnxGraph.attrs("ceil_mode", ceilMode ? 1 : 0,
                "kernel_shape", kernel, "pads", OnnxGraph.pads(padding[0], padding[1]), "strides", stride)));
    }
}
