package io.mgd.cls.core.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * mmcls 0.19 top-k accuracy in percent ({@code mmcls/models/losses/accuracy.py}). A sample counts
 * for top-k when its label is among the k highest scores <em>and</em> that score is above
 * {@code thr} (mmcls default 0, so on raw logits a correct but negative top score is a miss).
 */
public final class Accuracy {
    private Accuracy() {}

    /** Accuracies for each k with mmcls's default threshold 0. */
    public static List<NDArray> accuracy(NDArray pred, NDArray target, int[] topk) {
        return accuracy(pred, target, topk, 0.0);
    }

    /**
     * @param pred scores (N, C)
     * @param target class indices (N,)
     * @return one (1,)-shaped float tensor per k, in percent
     */
    public static List<NDArray> accuracy(NDArray pred, NDArray target, int[] topk, double thr) {
        int maxk = 0;
        for (int k : topk) {
            if (k <= 0) {
                throw new IllegalArgumentException("Top-k should be larger than 0, got " + k);
            }
            maxk = Math.max(maxk, k);
        }
        long n = pred.getShape().get(0);
        NDList top = pred.topK(maxk, 1, true, true);
        NDArray scores = top.get(0);
        NDArray labels = top.get(1).toType(DataType.INT64, false);
        NDArray hit = labels.eq(target.toType(DataType.INT64, false).reshape(-1, 1)).logicalAnd(scores.gt(thr))
                .toType(DataType.FLOAT32, false);
        List<NDArray> out = new ArrayList<>();
        for (int k : topk) {
            out.add(hit.get(":, :" + k).sum().mul(100.0f / n).reshape(1));
        }
        return out;
    }
}
