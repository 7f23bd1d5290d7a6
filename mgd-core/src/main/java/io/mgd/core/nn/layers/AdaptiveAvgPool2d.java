package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import java.util.List;
import io.mgd.core.nn.functional.F;

/**
 * {@code torch.nn.AdaptiveAvgPool2d((h, w))}: bin i of an axis averages
 * [floor(i·in/out), ceil((i+1)·in/out)), so non-divisible sizes (7 → 3) overlap like torch's.
 */
public final class AdaptiveAvgPool2d extends Module implements OnnxExportable {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(NDManager manager, int outH, int outW) {
        super(manager);
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("output size must be positive, got (" + outH + ", " + outW + ")");
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(F.adaptiveAvgPool2d(inputs.head(), outH, outW));
    }

    public int outH() {
        return outH;
    }

    public int outW() {
        return outW;
    }

    /**
     * Output (1, 1) is ONNX {@code GlobalAveragePool}, for any input size. Other sizes become an
     * {@code AveragePool} with kernel = stride = in/out, which needs a fixed input size that the
     * output divides (then torch's bins do not overlap).
     */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        if (outH == 1 && outW == 1) {
            return List.of(g.node("GlobalAveragePool", inputs.get(0)));
        }
        ai.djl.ndarray.types.Shape s = g.inputShapes(this).get(0);
        long h = s.get(s.dimension() - 2);
        long w = s.get(s.dimension() - 1);
        if (h % outH != 0 || w % outW != 0) {
            throw new io.mgd.core.util.MgdException("cannot export '" + g.currentPath() + "' AdaptiveAvgPool2d(("
                    + outH + ", " + outW + ")) on a " + h + "x" + w + " input to ONNX: the input size must be a "
                    + "multiple of the output size");
        }
        g.requireStaticSpatial("'" + g.currentPath() + "' AdaptiveAvgPool2d((" + outH + ", " + outW + "))");
        long[] k = {h / outH, w / outW};
        return List.of(g.node("AveragePool", List.of(inputs.get(0)), OnnxGraph.attrs("kernel_shape", k,
                "strides", k)));
    }
}
