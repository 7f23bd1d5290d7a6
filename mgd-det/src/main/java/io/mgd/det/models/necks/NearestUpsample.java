package io.mgd.det.models.necks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * torch's {@code upsample_nearest2d} index rule (src = min(floor(dst · scale), in − 1), scale in
 * float: 1/scale_factor, or in/out for a size) applied as gathers along H then W.
 *
 * <p>Why not {@code F.interpolate}: mgd-core's version closes its index arrays right after the
 * gather, while autograd still holds them for the backward pass; backward then reads freed
 * memory (seen as "index … is out of bounds" with garbage indices). Here the index arrays stay
 * owned by the caller's scope.
 */
final class NearestUpsample {
    private NearestUpsample() {}

    /**
     * @param scaleH the user's scale factor for H, or null when sizes were given (likewise W)
     */
    static NDArray resize(NDArray x, long outH, long outW, Double scaleH, Double scaleW) {
        NDArray y = axis(x, 3, outW, scaleW);
        return axis(y, 2, outH, scaleH);
    }

    private static NDArray axis(NDArray x, int axis, long out, Double scale) {
        long in = x.getShape().get(axis);
        if (in == out) {
            return x;
        }
        float s = scale != null && scale > 0 ? (float) (1.0 / scale) : (float) in / out;
        long[] idx = new long[(int) out];
        for (int i = 0; i < out; i++) {
            idx[i] = Math.min((long) Math.floor(i * s), in - 1);
        }
        NDArray index = io.mgd.core.nn.Tensors.owned(x.getManager().create(idx)); // not closed: the backward pass reads it
        return x.get(new NDIndex(axis == 2 ? ":, :, {}" : ":, :, :, {}", index));
    }
}
