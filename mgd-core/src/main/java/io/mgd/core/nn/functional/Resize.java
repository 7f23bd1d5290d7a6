package io.mgd.core.nn.functional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * torch's {@code upsample_nearest2d} and {@code upsample_bilinear2d} index and weight rules,
 * computed here (in float, like torch's CPU kernels) and applied as gathers along H and W, so
 * autograd gives torch's gradients. DJL's own interpolation ignores {@code align_corners} and
 * turns on antialiasing, which changes downsampling; hence this implementation.
 */
final class Resize {
    private Resize() {}

    /**
     * @param scale the user's scale factor for this axis, or null when a size was given
     */
    static NDArray nearest(NDArray x, int axis, long out, Double scale) {
        long in = x.getShape().get(axis);
        if (in == out) {
            return x;
        }
        long[] idx = new long[(int) out];
        float s = scaleValue(scale, in, out);
        for (int i = 0; i < out; i++) {
            // torch: nearest_neighbor_compute_source_index, floorf(dst * scale) in float
            idx[i] = Math.min((long) Math.floor(i * s), in - 1);
        }
        return gather(x, axis, idx);
    }

    /** Linear interpolation along one axis; bilinear is W then H, as torch nests it. */
    static NDArray linear(NDArray x, int axis, long out, Double scale, boolean alignCorners) {
        long in = x.getShape().get(axis);
        if (in == out) {
            return x; // scale 1 (or (in-1)/(out-1) = 1): every weight is exactly 0 or 1
        }
        float s;
        if (alignCorners) {
            s = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
        } else {
            s = scaleValue(scale, in, out);
        }
        long[] i0 = new long[(int) out];
        long[] i1 = new long[(int) out];
        float[] l0 = new float[(int) out];
        float[] l1 = new float[(int) out];
        for (int i = 0; i < out; i++) {
            float src;
            if (alignCorners) {
                src = s * i;
            } else {
                src = (float) (s * (i + 0.5) - 0.5);
                src = Math.max(src, 0f);
            }
            long lo = Math.min((long) Math.floor(src), in - 1);
            float lambda = Math.min(Math.max(src - lo, 0f), 1f);
            i0[i] = lo;
            i1[i] = lo < in - 1 ? lo + 1 : lo;
            l1[i] = lambda;
            l0[i] = 1f - lambda;
        }
        NDManager m = x.getManager();
        long[] wshape = axis == 2 ? new long[] {out, 1} : new long[] {out};
        // Arrays made from Java data share their buffer with the tensor and autograd keeps using
        // them in backward: they must stay open until the caller's scope ends, never be closed here.
        NDArray w0 = io.mgd.core.nn.Tensors.owned(m.create(l0)).reshape(wshape);
        NDArray w1 = io.mgd.core.nn.Tensors.owned(m.create(l1)).reshape(wshape);
        NDArray a = gather(x, axis, i0);
        NDArray b = gather(x, axis, i1);
        return a.mul(w0).add(b.mul(w1));
    }

    /** torch's compute_scales_value: 1/scale_factor when one was given, else in/out, as float. */
    private static float scaleValue(Double scale, long in, long out) {
        if (scale != null && scale > 0) {
            return (float) (1.0 / scale);
        }
        return (float) in / out;
    }

    private static NDArray gather(NDArray x, int axis, long[] idx) {
        NDArray index = io.mgd.core.nn.Tensors.owned(x.getManager().create(idx)); // libtorch-owned: backward reads it
        return axis == 2 ? x.get(new NDIndex(":, :, {}", index)) : x.get(new NDIndex(":, :, :, {}", index));
    }
}
