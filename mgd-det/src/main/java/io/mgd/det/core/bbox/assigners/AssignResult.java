package io.mgd.det.core.bbox.assigners;

/**
 * mmdet's {@code AssignResult}: for each candidate box, {@code gtInds} is 0 (negative), −1
 * (ignored) or the 1-based index of its ground truth; {@code maxOverlaps} its best overlap;
 * {@code labels} the assigned gt label or −1 (null when no labels were given).
 */
public record AssignResult(int numGts, long[] gtInds, float[] maxOverlaps, long[] labels) {

    /** Number of candidate boxes. */
    public int numPreds() {
        return gtInds.length;
    }

    /**
     * mmdet {@code add_gt_}: a new result with the gts prepended as candidates assigned to
     * themselves (overlap 1), as samplers do with {@code add_gt_as_proposals}.
     */
    public AssignResult withGtsPrepended(long[] gtLabels) {
        int g = gtLabels.length;
        long[] inds = new long[g + gtInds.length];
        float[] ovr = new float[g + maxOverlaps.length];
        for (int i = 0; i < g; i++) {
            inds[i] = i + 1;
            ovr[i] = 1f;
        }
        System.arraycopy(gtInds, 0, inds, g, gtInds.length);
        System.arraycopy(maxOverlaps, 0, ovr, g, maxOverlaps.length);
        long[] lab = null;
        if (labels != null) {
            lab = new long[g + labels.length];
            System.arraycopy(gtLabels, 0, lab, 0, g);
            System.arraycopy(labels, 0, lab, g, labels.length);
        }
        return new AssignResult(numGts, inds, ovr, lab);
    }
}
