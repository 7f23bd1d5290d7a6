package io.mgd.core.nn.functional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Pooling pieces DJL lacks: {@code count_include_pad=False} and adaptive average pooling. */
final class Pooling {
    private Pooling() {}

    /**
     * Average pooling with torch's divisors. DJL always uses {@code count_include_pad=True};
     * for False the result is rescaled per output cell by (padded window size / window size
     * inside the input), exactly torch's two divisors.
     */
    static NDArray avgPool2d(NDArray x, int[] k, int[] s, int[] p, boolean ceil, boolean countIncludePad) {
        NDArray y = ai.djl.nn.pooling.Pool.avgPool2d(x, new Shape(k[0], k[1]), new Shape(s[0], s[1]),
                new Shape(p[0], p[1]), ceil, true);
        if (countIncludePad || (p[0] == 0 && p[1] == 0)) {
            return y; // without padding the two divisors agree
        }
        Shape ys = y.getShape();
        int oh = (int) ys.get(2);
        int ow = (int) ys.get(3);
        float[][] h = windowSizes(x.getShape().get(2), oh, k[0], s[0], p[0]);
        float[][] w = windowSizes(x.getShape().get(3), ow, k[1], s[1], p[1]);
        float[] factor = new float[oh * ow];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                factor[i * ow + j] = (h[0][i] * w[0][j]) / (h[1][i] * w[1][j]);
            }
        }
        // Kept open: autograd reads it in backward; the caller's scope frees it.
        NDArray f = io.mgd.core.nn.Tensors.owned(x.getManager().create(factor, new Shape(oh, ow)));
        return y.mul(f);
    }

    /** Per output index: [0] window size counting padding, [1] size inside the input. */
    private static float[][] windowSizes(long in, int out, int k, int s, int p) {
        float[][] sizes = new float[2][out];
        for (int o = 0; o < out; o++) {
            long start = (long) o * s - p;
            long end = Math.min(start + k, in + p);
            sizes[0][o] = end - start;
            sizes[1][o] = Math.min(end, in) - Math.max(start, 0);
        }
        return sizes;
    }

    /**
     * torch's adaptive_avg_pool2d: bin i covers [floor(i*in/out), ceil((i+1)*in/out)). Fast
     * paths: global mean for 1x1, a plain average pool when the sizes divide; otherwise each
     * axis is averaged by a (out x in) bin matrix, two small matmuls instead of out² slices.
     */
    static NDArray adaptiveAvgPool2d(NDArray x, int outH, int outW) {
        Shape s = x.getShape();
        long inH = s.get(2);
        long inW = s.get(3);
        if (outH == 1 && outW == 1) {
            // the PyTorch engine reduces one axis at a time with keepDims: flatten H×W instead
            return x.reshape(s.get(0), s.get(1), inH * inW).mean(new int[] {2}, true)
                    .reshape(s.get(0), s.get(1), 1, 1);
        }
        if (inH % outH == 0 && inW % outW == 0) {
            int kh = (int) (inH / outH);
            int kw = (int) (inW / outW);
            return ai.djl.nn.pooling.Pool.avgPool2d(x, new Shape(kh, kw), new Shape(kh, kw), new Shape(0, 0),
                    false, true);
        }
        NDManager m = x.getManager();
        // Kept open: autograd reads them in backward; the caller's scope frees them.
        NDArray y = inW == outW ? x : x.matMul(binMatrix(m, inW, outW, true)); // (N, C, H, outW)
        return inH == outH ? y : binMatrix(m, inH, outH, false).matMul(y); // (outH, H) @ (N, C, H, outW)
    }

    /** The (out x in) averaging matrix, or its transpose (in x out). */
    private static NDArray binMatrix(NDManager m, long in, int out, boolean transposed) {
        float[] w = new float[(int) (out * in)];
        for (int i = 0; i < out; i++) {
            long start = Math.floorDiv(i * in, out);
            long end = Math.floorDiv((i + 1) * in + out - 1, out);
            for (long j = start; j < end; j++) {
                w[(int) (transposed ? j * out + i : i * in + j)] = 1f / (end - start);
            }
        }
        return io.mgd.core.nn.Tensors.owned(m.create(w, transposed ? new Shape(in, out) : new Shape(out, in)));
    }
}
