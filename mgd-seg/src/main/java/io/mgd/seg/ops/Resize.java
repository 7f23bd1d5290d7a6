package io.mgd.seg.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * mmseg {@code ops.resize} in bilinear mode ({@code F.interpolate(x, size, mode='bilinear',
 * align_corners)}; its warning is not reproduced), with torch's {@code upsample_bilinear2d}
 * index and weight rules computed in float like torch's CPU kernel, applied as gathers along W
 * then H so autograd gives torch's gradients.
 *
 * <p>Why not {@code io.mgd.core.nn.functional.F.interpolate}: it creates its index and weight
 * tensors from Java arrays and closes them right after the forward. DJL's PyTorch engine backs
 * such tensors with a Java direct buffer that the garbage collector frees once the array is
 * closed, while libtorch's autograd still holds the tensor for the backward pass; after a GC the
 * backward reads freed memory (wrong gradients or "index … is out of bounds"). Here the small
 * tensors are copied into libtorch-owned memory ({@link NDArray#duplicate()}) before use.
 */
public final class Resize {
    private Resize() {}

    /** Bilinear resize of N×C×H×W to (h, w) with torch's {@code align_corners} rule. */
    public static NDArray bilinear(NDArray x, long h, long w, boolean alignCorners) {
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("resize expects N×C×H×W input, got " + x.getShape());
        }
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("resize output size must be positive, got (" + h + ", " + w + ")");
        }
        return linear(linear(x, 3, w, alignCorners), 2, h, alignCorners);
    }

    /** Bilinear resize of {@code x} to the spatial size (last two axes) of {@code like}. */
    public static NDArray bilinearLike(NDArray x, Shape like, boolean alignCorners) {
        int d = like.dimension();
        return bilinear(x, like.get(d - 2), like.get(d - 1), alignCorners);
    }

    private static NDArray linear(NDArray x, int axis, long out, boolean alignCorners) {
        long in = x.getShape().get(axis);
        if (in == out) {
            return x; // scale 1: every weight is exactly 0 or 1, torch returns the values unchanged
        }
        float s = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : (float) in / out;
        long[] i0 = new long[(int) out];
        long[] i1 = new long[(int) out];
        float[] l0 = new float[(int) out];
        float[] l1 = new float[(int) out];
        for (int i = 0; i < out; i++) {
            float src = alignCorners ? s * i : Math.max((float) (s * (i + 0.5) - 0.5), 0f);
            long lo = Math.min((long) Math.floor(src), in - 1);
            float lambda = Math.min(Math.max(src - lo, 0f), 1f);
            i0[i] = lo;
            i1[i] = lo < in - 1 ? lo + 1 : lo;
            l1[i] = lambda;
            l0[i] = 1f - lambda;
        }
        NDManager m = x.getManager();
        Shape ws = axis == 2 ? new Shape(out, 1) : new Shape(out);
        NDArray w0 = owned(m.create(l0, ws));
        NDArray w1 = owned(m.create(l1, ws));
        NDArray a = gather(x, axis, owned(m.create(i0)));
        NDArray b = gather(x, axis, owned(m.create(i1)));
        return a.mul(w0).add(b.mul(w1));
    }

    private static NDArray gather(NDArray x, int axis, NDArray index) {
        return axis == 2 ? x.get(new NDIndex(":, :, {}", index)) : x.get(new NDIndex(":, :, :, {}", index));
    }

    /**
     * A copy of a tensor made from a Java array, in libtorch-owned memory, so autograd may keep
     * it past the array's close; the Java-backed original is closed at once.
     */
    static NDArray owned(NDArray javaBacked) {
        NDArray copy = javaBacked.duplicate();
        javaBacked.close();
        return copy;
    }
}
