package io.mgd.seg.core.evaluation;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmseg's progressive evaluation ({@code pre_eval=True}): each test image is reduced to its
 * {@link AreaStats} as soon as it is predicted and only the running total is kept, so a test set
 * never has to stay in memory. Not thread-safe.
 */
public final class PreEvalAccumulator {
    private final int numClasses;
    private final int ignoreIndex;
    private final Map<Integer, Integer> labelMap;
    private final boolean reduceZeroLabel;
    private AreaStats total;
    private int images;

    /**
     * @param labelMap old → new label ids in application order, or null
     */
    public PreEvalAccumulator(int numClasses, int ignoreIndex, Map<Integer, Integer> labelMap,
            boolean reduceZeroLabel) {
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.labelMap = labelMap == null ? null : new LinkedHashMap<>(labelMap);
        this.reduceZeroLabel = reduceZeroLabel;
        this.total = AreaStats.zeros(numClasses);
    }

    /** Adds one image (prediction and ground truth of the same size); returns its stats. */
    public AreaStats add(NDArray pred, NDArray gt) {
        return add(IntersectAndUnion.compute(pred, gt, numClasses, ignoreIndex, labelMap, reduceZeroLabel));
    }

    /** Adds one image given as flat label arrays. */
    public AreaStats add(long[] pred, long[] gt) {
        return add(IntersectAndUnion.compute(pred, gt, numClasses, ignoreIndex, labelMap, reduceZeroLabel));
    }

    /** Adds an already computed per-image result (e.g. from another worker). */
    public AreaStats add(AreaStats stats) {
        total = total.plus(stats);
        images++;
        return stats;
    }

    /** Number of images added. */
    public int images() {
        return images;
    }

    /** The summed counts so far. */
    public AreaStats total() {
        return total;
    }

    /** {@link SegMetrics#totalAreaToMetrics} over the images added so far. */
    public LinkedHashMap<String, double[]> metrics(List<String> metrics, Double nanToNum, double beta) {
        if (images == 0) {
            throw new IllegalStateException("no images were evaluated");
        }
        return SegMetrics.totalAreaToMetrics(total, metrics, nanToNum, beta);
    }
}
