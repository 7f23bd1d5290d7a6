package io.mgd.seg.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.functional.F;

/** mmseg {@code ops.resize}: {@code F.interpolate} by output size (its warning is not reproduced). */
public final class Resize {
    private Resize() {}

    /** Bilinear resize of N×C×H×W to (h, w) with torch's {@code align_corners} rule. */
    public static NDArray bilinear(NDArray x, long h, long w, boolean alignCorners) {
        Shape s = x.getShape();
        if (s.get(2) == h && s.get(3) == w) {
            return x; // torch gives the input values back exactly at equal size
        }
        return F.interpolate(x, new long[] {h, w}, "bilinear", alignCorners);
    }

    /** Bilinear resize of {@code x} to the spatial size (last two axes) of {@code like}. */
    public static NDArray bilinearLike(NDArray x, Shape like, boolean alignCorners) {
        int d = like.dimension();
        return bilinear(x, like.get(d - 2), like.get(d - 1), alignCorners);
    }
}
