package io.mgd.seg.core.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * mmseg 0.20 {@code intersect_and_union} for one image.
 *
 * <p>The label is first remapped with {@code label_map} (entries applied one after another, as
 * mmseg's loop does, so {@code {1: 2, 2: 1}} sends both 1 and 2 to 1), then with
 * {@code reduce_zero_label} (0 → 255, others − 1, 255 stays 255). Pixels whose label equals
 * {@code ignore_index} are dropped. The histograms count values in [0, num_classes) only, as
 * {@code torch.histc(min=0, max=num_classes-1)} does: a label outside that range (e.g. −1 from a
 * label_map) adds nothing to {@code area_label}, but the prediction at that pixel still counts in
 * {@code area_pred_label}.
 */
public final class IntersectAndUnion {
    private IntersectAndUnion() {}

    /**
     * @param pred predicted labels, any integer type, same number of elements as {@code label}
     * @param label ground truth
     * @param labelMap old → new label ids in application order, or null
     */
    public static AreaStats compute(NDArray pred, NDArray label, int numClasses, int ignoreIndex,
            Map<Integer, Integer> labelMap, boolean reduceZeroLabel) {
        if (pred.getShape().size() != label.getShape().size()) {
            throw new IllegalArgumentException("prediction " + pred.getShape() + " and label " + label.getShape()
                    + " differ in size");
        }
        return compute(pred.toType(DataType.INT64, false).toLongArray(), label.toType(DataType.INT64, false)
                .toLongArray(), numClasses, ignoreIndex, labelMap, reduceZeroLabel);
    }

    /** The same on flat arrays (row-major label maps of equal size). */
    public static AreaStats compute(long[] pred, long[] label, int numClasses, int ignoreIndex,
            Map<Integer, Integer> labelMap, boolean reduceZeroLabel) {
        if (pred.length != label.length) {
            throw new IllegalArgumentException("prediction has " + pred.length + " pixels, label " + label.length);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("num_classes must be >= 1, got " + numClasses);
        }
        double[] inter = new double[numClasses];
        double[] areaPred = new double[numClasses];
        double[] areaLabel = new double[numClasses];
        for (int i = 0; i < label.length; i++) {
            long l = label[i];
            if (labelMap != null) {
                for (Map.Entry<Integer, Integer> e : labelMap.entrySet()) {
                    if (l == e.getKey()) {
                        l = e.getValue();
                    }
                }
            }
            if (reduceZeroLabel) {
                l = l == 0 ? 255 : l - 1;
                if (l == 254) {
                    l = 255;
                }
            }
            if (l == ignoreIndex) {
                continue;
            }
            long p = pred[i];
            boolean pIn = p >= 0 && p < numClasses;
            if (pIn) {
                areaPred[(int) p]++;
            }
            if (l >= 0 && l < numClasses) {
                areaLabel[(int) l]++;
                if (p == l) {
                    inter[(int) l]++;
                }
            }
        }
        double[] union = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            union[c] = areaPred[c] + areaLabel[c] - inter[c];
        }
        return new AreaStats(inter, union, areaPred, areaLabel);
    }
}
