package io.mgd.seg.models.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * mmseg {@code accuracy(pred, target, topk, thresh)}: the percentage of positions whose target is
 * among the top-k scores, over {@code target.numel()}, so ignored pixels (255) count as wrong
 * and stay in the denominator. Each result has shape (1), as mmseg's {@code keepdim} sum.
 */
public final class Accuracy {
    private Accuracy() {}

    /** Top-1 accuracy in percent ({@code acc_seg}); pred N×C×..., target N×... integer. */
    public static NDArray accuracy(NDArray pred, NDArray target) {
        return accuracy(pred, target, new int[] {1}, null)[0];
    }

    /**
     * Top-k accuracies in percent, one per entry of {@code topk}.
     *
     * @param thresh when not null, a prediction whose score is not above it counts as wrong
     */
    public static NDArray[] accuracy(NDArray pred, NDArray target, int[] topk, Double thresh) {
        int maxk = 0;
        for (int k : topk) {
            maxk = Math.max(maxk, k);
        }
        NDArray[] out = new NDArray[topk.length];
        if (pred.getShape().get(0) == 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = pred.getManager().zeros(new ai.djl.ndarray.types.Shape(1));
            }
            return out;
        }
        if (pred.getShape().dimension() != target.getShape().dimension() + 1
                || pred.getShape().get(0) != target.getShape().get(0)) {
            throw new IllegalArgumentException("accuracy expects pred N×C×... and target N×..., got "
                    + pred.getShape() + " and " + target.getShape());
        }
        if (maxk > pred.getShape().get(1)) {
            throw new IllegalArgumentException("maxk " + maxk + " exceeds pred dimension " + pred.getShape().get(1));
        }
        NDArray t = target.toType(DataType.INT64, false).expandDims(1);
        NDArray order = maxk == 1 ? pred.argMax(1).expandDims(1) : pred.argSort(1, false)
                .get(new NDIndex(":, :{}", maxk));
        NDArray correct = order.eq(t);
        if (thresh != null) {
            NDArray values = pred.gather(order, 1);
            correct = correct.logicalAnd(values.gt(thresh));
        }
        double scale = 100.0 / target.getShape().size();
        for (int i = 0; i < topk.length; i++) {
            NDArray hits = correct.get(new NDIndex(":, :{}", topk[i])).toType(DataType.FLOAT32, false).sum();
            out[i] = hits.reshape(1).mul((float) scale);
        }
        return out;
    }
}
