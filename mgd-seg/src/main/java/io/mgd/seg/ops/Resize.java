package io.mgd.seg.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.functional.F;

/**
 * mmseg {@code ops.resize} in bilinear mode ({@code F.interpolate(x, size, mode='bilinear',
 * align_corners)}; its warning is not reproduced), on core's {@link F#interpolate}, whose index
 * and weight tensors are libtorch-owned, so a backward after a garbage collection is safe.
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
        return F.interpolate(x, new long[] {h, w}, "bilinear", alignCorners);
    }

    /** Bilinear resize of {@code x} to the spatial size (last two axes) of {@code like}. */
    public static NDArray bilinearLike(NDArray x, Shape like, boolean alignCorners) {
        int d = like.dimension();
        return bilinear(x, like.get(d - 2), like.get(d - 1), alignCorners);
    }
}
