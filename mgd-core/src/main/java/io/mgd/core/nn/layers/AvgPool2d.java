package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import java.util.List;
import io.mgd.core.nn.functional.F;

/**
 * {@code torch.nn.AvgPool2d}, including {@code count_include_pad=False} (mmcls's ResNet
 * {@code avg_down} uses it with {@code ceil_mode=True}); no parameters.
 */
public final class AvgPool2d extends Module implements OnnxExportable {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    /** Square pooling with torch defaults: floor mode, padding counted. */
    public AvgPool2d(NDManager manager, int kernel, int stride, int padding) {
        this(manager, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                false, true);
    }

    /**
     * Per-axis (h, w) pooling.
     *
     * @param stride null for the kernel size
     */
    public AvgPool2d(NDManager manager, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad) {
        super(manager);
        this.kernel = kernel.clone();
        this.stride = stride == null ? kernel.clone() : stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        for (int i = 0; i < 2; i++) {
            if (this.padding[i] * 2 > this.kernel[i]) {
                throw new IllegalArgumentException("pad should be at most half of kernel size, but got pad="
                        + this.padding[i] + " and kernel_size=" + this.kernel[i]);
            }
        }
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(F.avgPool2d(inputs.head(), kernel, stride, padding, ceilMode, countIncludePad));
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    /**
     * ONNX {@code AveragePool} with ceil_mode and count_include_pad. With both set, torch divides
     * a last window that overhangs the padded input by its size within the padded input, and
     * ONNX Runtime by the whole kernel: such sizes are refused, and H/W are then kept fixed.
     */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        if (ceilMode && countIncludePad) {
            checkNoOverhang(g);
        }
        return List.of(g.node("AveragePool", List.of(inputs.get(0)), OnnxGraph.attrs("ceil_mode", ceilMode ? 1 : 0,
                "count_include_pad", countIncludePad ? 1 : 0, "kernel_shape", kernel,
                "pads", OnnxGraph.pads(padding[0], padding[1]), "strides", stride)));
    }

    private void checkNoOverhang(OnnxGraph g) {
        ai.djl.ndarray.types.Shape s = g.inputShapes(this).get(0);
        for (int i = 0; i < 2; i++) {
            long in = s.get(s.dimension() - 2 + i);
            long out = (in + 2L * padding[i] - kernel[i] + stride[i] - 1) / stride[i] + 1;
            if ((out - 1) * stride[i] >= in + padding[i]) {
                out--;
            }
            if ((out - 1) * stride[i] + kernel[i] > in + 2L * padding[i]) {
                throw new io.mgd.core.util.MgdException("cannot export '" + g.currentPath() + "' AvgPool2d(ceil_mode="
                        + "True, count_include_pad=True) on a " + s.get(s.dimension() - 2) + "x" + s.get(s.dimension() - 1)
                        + " input to ONNX: its last window overhangs the padded input, which ONNX Runtime averages "
                        + "differently from torch; use an input size without overhang");
            }
        }
        g.requireStaticSpatial("'" + g.currentPath() + "' AvgPool2d(ceil_mode=True, count_include_pad=True)");
    }
}
