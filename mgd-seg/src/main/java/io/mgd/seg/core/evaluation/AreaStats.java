package io.mgd.seg.core.evaluation;

import java.util.Arrays;

/**
 * Per-class pixel counts of one image or a whole test set, as mmseg's
 * {@code intersect_and_union} returns them: {@code area_intersect}, {@code area_union},
 * {@code area_pred_label}, {@code area_label}. Immutable; {@link #plus} sums two.
 *
 * @param intersect pixels where prediction and label agree, by class
 * @param union pred + label − intersect, by class
 * @param predLabel predicted pixels by class (not ignored)
 * @param label ground-truth pixels by class (not ignored)
 */
public record AreaStats(double[] intersect, double[] union, double[] predLabel, double[] label) {
    public AreaStats {
        int n = intersect.length;
        if (union.length != n || predLabel.length != n || label.length != n) {
            throw new IllegalArgumentException("area arrays must have one entry per class, got lengths "
                    + n + ", " + union.length + ", " + predLabel.length + ", " + label.length);
        }
        intersect = intersect.clone();
        union = union.clone();
        predLabel = predLabel.clone();
        label = label.clone();
    }

    /** All-zero counts for {@code numClasses} classes. */
    public static AreaStats zeros(int numClasses) {
        double[] z = new double[numClasses];
        return new AreaStats(z, z, z, z);
    }

    public int numClasses() {
        return intersect.length;
    }

    /** The element-wise sum (mmseg sums per-image results to get the totals). */
    public AreaStats plus(AreaStats o) {
        if (o.numClasses() != numClasses()) {
            throw new IllegalArgumentException("cannot add area stats of " + o.numClasses() + " classes to "
                    + numClasses());
        }
        return new AreaStats(add(intersect, o.intersect), add(union, o.union), add(predLabel, o.predLabel),
                add(label, o.label));
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    @Override
    public double[] intersect() {
        return intersect.clone();
    }

    @Override
    public double[] union() {
        return union.clone();
    }

    @Override
    public double[] predLabel() {
        return predLabel.clone();
    }

    @Override
    public double[] label() {
        return label.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AreaStats a && Arrays.equals(intersect, a.intersect) && Arrays.equals(union, a.union)
                && Arrays.equals(predLabel, a.predLabel) && Arrays.equals(label, a.label);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(intersect) * 31 + Arrays.hashCode(label);
    }

    @Override
    public String toString() {
        return "AreaStats[intersect=" + Arrays.toString(intersect) + ", union=" + Arrays.toString(union)
                + ", pred=" + Arrays.toString(predLabel) + ", label=" + Arrays.toString(label) + "]";
    }
}
