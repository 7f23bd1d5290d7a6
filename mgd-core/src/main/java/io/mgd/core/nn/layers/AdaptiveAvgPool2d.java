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
     * Output (1, 1) is ONNX {@code GlobalAveragePool}, for any input size. Other sizes need a fixed
     * input size: when the output divides it, an {@code AveragePool} with kernel = stride = in/out;
     * otherwise (torch's bins overlap, e.g. 8 → 3) the mean over each bin, which is separable, as
     * two {@code MatMul}s with constant averaging matrices: {@code P_h · x · P_wᵀ}.
     */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        if (outH == 1 && outW == 1) {
            return List.of(g.node("GlobalAveragePool", inputs.get(0)));
        }
        ai.djl.ndarray.types.Shape s = g.inputShapes(this).get(0);
        long h = s.get(s.dimension() - 2);
        long w = s.get(s.dimension() - 1);
        g.requireStaticSpatial("'" + g.currentPath() + "' AdaptiveAvgPool2d((" + outH + ", " + outW + "))");
        if (h % outH != 0 || w % outW != 0) {
            String rows = g.floats("pool_rows", new long[] {outH, h}, bins(outH, (int) h, false));
            String cols = g.floats("pool_cols", new long[] {w, outW}, bins(outW, (int) w, true));
            return List.of(g.node("MatMul", g.node("MatMul", rows, inputs.get(0)), cols));
        }
        long[] k = {h / outH, w / outW};
        return List.of(g.node("AveragePool", List.of(inputs.get(0)), OnnxGraph.attrs("kernel_shape", k,
                "strides", k)));
    }

    /** The out×in matrix averaging torch's adaptive bins (transposed: in×out). */
    private static float[] bins(int out, int in, boolean transposed) {
        float[] m = new float[out * in];
        for (int i = 0; i < out; i++) {
            int start = Math.floorDiv(i * in, out);
            int end = -Math.floorDiv(-(i + 1) * in, out);
            for (int k = start; k < end; k++) {
                m[transposed ? k * out + i : i * in + k] = 1f / (end - start);
            }
        }
        return m;
    }
}
