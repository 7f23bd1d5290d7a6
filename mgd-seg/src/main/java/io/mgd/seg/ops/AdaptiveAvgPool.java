package io.mgd.seg.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.functional.F;
import java.util.List;

/**
 * {@code nn.AdaptiveAvgPool2d((outH, outW))} with torch's bins [floor(i·in/out),
 * ceil((i+1)·in/out)). Global and evenly dividing sizes use mgd-core's pooling (pure libtorch
 * ops); other sizes average each axis with a bin matrix held in libtorch-owned memory, for the
 * reason given in {@link Resize} (mgd-core's matrices are Java-backed and closed before the
 * backward pass reads them).
 */
public final class AdaptiveAvgPool extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool(NDManager manager, int outH, int outW) {
        super(manager);
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("adaptive pool output size must be positive, got (" + outH + ", "
                    + outW + ")");
        }
        this.outH = outH;
        this.outW = outW;
    }

    /** The pooled N×C×outH×outW map. */
    public static NDArray pool(NDArray x, int outH, int outW) {
        Shape s = x.getShape();
        long inH = s.get(2);
        long inW = s.get(3);
        if ((outH == 1 && outW == 1) || (inH % outH == 0 && inW % outW == 0)) {
            return F.adaptiveAvgPool2d(x, outH, outW);
        }
        NDManager m = x.getManager();
        NDArray y = inW == outW ? x : x.matMul(Resize.owned(binMatrix(m, inW, outW, true))); // (N, C, H, outW)
        return inH == outH ? y : Resize.owned(binMatrix(m, inH, outH, false)).matMul(y);
    }

    private static NDArray binMatrix(NDManager m, long in, int out, boolean transposed) {
        float[] w = new float[(int) (out * in)];
        for (int i = 0; i < out; i++) {
            long start = Math.floorDiv(i * in, out);
            long end = Math.floorDiv((i + 1) * in + out - 1, out);
            for (long j = start; j < end; j++) {
                w[(int) (transposed ? j * out + i : i * in + j)] = 1f / (end - start);
            }
        }
        return m.create(w, transposed ? new Shape(in, out) : new Shape(out, in));
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(pool(inputs.head(), outH, outW));
    }

    @Override
    public List<String> torchTypeNames() {
        return List.of("AdaptiveAvgPool2d", "_AdaptiveAvgPoolNd");
    }
}
