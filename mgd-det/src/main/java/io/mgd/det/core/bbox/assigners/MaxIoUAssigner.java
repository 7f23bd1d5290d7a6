package io.mgd.det.core.bbox.assigners;

import ai.djl.ndarray.NDArray;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.Default;
import io.mgd.det.core.bbox.BboxOverlaps;
import java.util.List;

/**
 * mmdet's {@code MaxIoUAssigner}, in its order of steps:
 * <ol>
 *   <li>every box starts ignored (−1);</li>
 *   <li>boxes whose best IoU is in [0, neg_iou_thr) (or in [lo, hi) for a pair) become 0;</li>
 *   <li>boxes whose best IoU ≥ pos_iou_thr get that gt (first gt on ties);</li>
 *   <li>with {@code match_low_quality}, each gt whose best IoU ≥ min_pos_iou claims its best
 *       box, or every box sharing that IoU with {@code gt_max_assign_all} (later gts win).</li>
 * </ol>
 * With {@code ignore_iof_thr > 0} and ignore boxes, candidates whose IoF with an ignore box
 * exceeds the threshold get overlap −1 with every gt first. No gts: everything is negative.
 */
public final class MaxIoUAssigner implements BboxAssigner {
    private final Options o;
    private final double negLo;
    private final double negHi;

    /**
     * Config options (mmdet names). {@code neg_iou_thr} is a number or a (lo, hi) pair;
     * {@code gpu_assign_thr} is accepted and has no effect (assignment runs on the host).
     */
    public record Options(double posIouThr, Object negIouThr, @Default("0.0") double minPosIou,
            @Default("true") boolean gtMaxAssignAll, @Default("-1") double ignoreIofThr,
            @Default("true") boolean ignoreWrtCandidates, @Default("true") boolean matchLowQuality,
            @Default("-1") int gpuAssignThr, @Default("{type: BboxOverlaps2D}") ConfigDict iouCalculator) {
        public Options {
            if (!(negIouThr instanceof Number) && !(negIouThr instanceof List<?> l && l.size() == 2
                    && l.get(0) instanceof Number && l.get(1) instanceof Number)) {
                throw new ConfigException("neg_iou_thr must be a number or a (low, high) pair, got " + negIouThr);
            }
            if (iouCalculator != null && !"BboxOverlaps2D".equals(iouCalculator.get("type"))) {
                throw new ConfigException("iou_calculator: only BboxOverlaps2D is supported, got " + iouCalculator);
            }
        }
    }

    public MaxIoUAssigner(Options o) {
        this.o = o;
        if (o.negIouThr() instanceof Number n) {
            negLo = 0;
            negHi = n.doubleValue();
        } else {
            List<?> l = (List<?>) o.negIouThr();
            negLo = ((Number) l.get(0)).doubleValue();
            negHi = ((Number) l.get(1)).doubleValue();
        }
    }

    @Override
    public AssignResult assign(NDArray bboxes, NDArray gtBboxes, NDArray gtBboxesIgnore, NDArray gtLabels) {
        int n = (int) bboxes.getShape().get(0);
        int k = (int) gtBboxes.getShape().get(0);
        float[] overlaps = k * n == 0 ? new float[0] : BboxOverlaps.iou(gtBboxes, bboxes).toFloatArray();
        if (o.ignoreIofThr() > 0 && gtBboxesIgnore != null && gtBboxesIgnore.getShape().get(0) > 0 && n > 0
                && k > 0) {
            float[] ignoreMax = ignoreMaxOverlaps(bboxes, gtBboxesIgnore, n);
            for (int j = 0; j < n; j++) {
                if (ignoreMax[j] > (float) o.ignoreIofThr()) {
                    for (int i = 0; i < k; i++) {
                        overlaps[i * n + j] = -1f;
                    }
                }
            }
        }
        long[] labels = gtLabels == null ? null : gtLabels.toType(ai.djl.ndarray.types.DataType.INT64, false)
                .toLongArray();
        return assignWrtOverlaps(overlaps, k, n, labels);
    }

    private float[] ignoreMaxOverlaps(NDArray bboxes, NDArray ignore, int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
        int m = (int) ignore.getShape().get(0);
        if (o.ignoreWrtCandidates()) {
            float[] iof = BboxOverlaps.bboxOverlaps(bboxes, ignore, "iof", false, BboxOverlaps.DEFAULT_EPS)
                    .toFloatArray(); // n×m
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    out[j] = Math.max(out[j], iof[j * m + i]);
                }
            }
        } else {
            float[] iof = BboxOverlaps.bboxOverlaps(ignore, bboxes, "iof", false, BboxOverlaps.DEFAULT_EPS)
                    .toFloatArray(); // m×n
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    out[j] = Math.max(out[j], iof[i * n + j]);
                }
            }
        }
        return out;
    }

    /**
     * mmdet {@code assign_wrt_overlaps} on a row-major K×N overlap matrix (gts × boxes).
     *
     * @param gtLabels K labels or null
     */
    public AssignResult assignWrtOverlaps(float[] overlaps, int numGts, int numBboxes, long[] gtLabels) {
        long[] assigned = new long[numBboxes];
        java.util.Arrays.fill(assigned, -1);
        float[] maxOverlaps = new float[numBboxes];
        if (numGts == 0 || numBboxes == 0) {
            if (numGts == 0) {
                java.util.Arrays.fill(assigned, 0);
            }
            long[] labels = null;
            if (gtLabels != null) {
                labels = new long[numBboxes];
                java.util.Arrays.fill(labels, -1);
            }
            return new AssignResult(numGts, assigned, maxOverlaps, labels);
        }
        int[] argmax = new int[numBboxes];
        for (int j = 0; j < numBboxes; j++) {
            float best = overlaps[j];
            int at = 0;
            for (int i = 1; i < numGts; i++) {
                float v = overlaps[i * numBboxes + j];
                if (v > best) { // first maximum on ties, as torch.max(dim)
                    best = v;
                    at = i;
                }
            }
            maxOverlaps[j] = best;
            argmax[j] = at;
        }
        float[] gtMax = new float[numGts];
        int[] gtArgmax = new int[numGts];
        for (int i = 0; i < numGts; i++) {
            float best = overlaps[i * numBboxes];
            int at = 0;
            for (int j = 1; j < numBboxes; j++) {
                float v = overlaps[i * numBboxes + j];
                if (v > best) {
                    best = v;
                    at = j;
                }
            }
            gtMax[i] = best;
            gtArgmax[i] = at;
        }
        // torch compares a float32 tensor with a python float in float32
        float lo = (float) negLo;
        float hi = (float) negHi;
        float pos = (float) o.posIouThr();
        float minPos = (float) o.minPosIou();
        for (int j = 0; j < numBboxes; j++) {
            if (maxOverlaps[j] >= lo && maxOverlaps[j] < hi) {
                assigned[j] = 0;
            }
        }
        for (int j = 0; j < numBboxes; j++) {
            if (maxOverlaps[j] >= pos) {
                assigned[j] = argmax[j] + 1;
            }
        }
        if (o.matchLowQuality()) {
            for (int i = 0; i < numGts; i++) {
                if (gtMax[i] >= minPos) {
                    if (o.gtMaxAssignAll()) {
                        for (int j = 0; j < numBboxes; j++) {
                            if (overlaps[i * numBboxes + j] == gtMax[i]) {
                                assigned[j] = i + 1;
                            }
                        }
                    } else {
                        assigned[gtArgmax[i]] = i + 1;
                    }
                }
            }
        }
        long[] labels = null;
        if (gtLabels != null) {
            labels = new long[numBboxes];
            for (int j = 0; j < numBboxes; j++) {
                labels[j] = assigned[j] > 0 ? gtLabels[(int) assigned[j] - 1] : -1;
            }
        }
        return new AssignResult(numGts, assigned, maxOverlaps, labels);
    }
}
