package io.mgd.cls.apis;

import java.util.List;

/**
 * mmcls 0.19's single-label metrics on collected class scores ({@code mmcls/core/evaluation},
 * {@code accuracy_numpy}): top-k accuracy, per-class precision, recall and F1 (in percent) and
 * support. Each takes the scores of N samples (C classes each) and their true labels.
 */
final class ClsMetrics {
    private ClsMetrics() {}

    /**
     * Top-k accuracy in percent for every k and threshold, {@code [k][thr]}. A sample is a hit when
     * fewer than k classes score strictly higher than its true class (torch's topk keeps the lower
     * index on ties; exact ties of softmax scores do not occur in practice) and its true-class
     * score is above the threshold (mmcls's default threshold is 0).
     */
    static double[][] topkAccuracy(List<float[]> scores, long[] gt, int[] topk, double[] thrs) {
        double[][] hits = new double[topk.length][thrs.length];
        for (int i = 0; i < scores.size(); i++) {
            float[] s = scores.get(i);
            int label = (int) gt[i];
            float target = s[label];
            int higher = 0;
            for (int c = 0; c < s.length; c++) {
                if (s[c] > target || (s[c] == target && c < label)) {
                    higher++;
                }
            }
            for (int k = 0; k < topk.length; k++) {
                for (int t = 0; t < thrs.length; t++) {
                    if (higher < topk[k] && target > thrs[t]) {
                        hits[k][t]++;
                    }
                }
            }
        }
        for (double[] row : hits) {
            for (int t = 0; t < row.length; t++) {
                row[t] = scores.isEmpty() ? 0 : row[t] * 100.0 / scores.size();
            }
        }
        return hits;
    }

    /** Per-class precision, recall and F1 in percent. */
    record PerClass(double[] precision, double[] recall, double[] f1) {}

    /**
     * mmcls {@code precision_recall_f1}: a sample predicts its top-1 class (the first of equal
     * maxima) when that score is above {@code thr}, else nothing. Per class c: precision = hits /
     * max(predicted c, 1), recall = hits / max(labelled c, 1), F1 = 2PR / max(P + R, float32 eps).
     */
    static PerClass precisionRecallF1(List<float[]> scores, long[] gt, int numClasses, double thr) {
        int[] predicted = new int[numClasses];
        int[] labelled = new int[numClasses];
        int[] correct = new int[numClasses];
        for (int i = 0; i < scores.size(); i++) {
            float[] s = scores.get(i);
            int best = 0;
            for (int c = 1; c < s.length; c++) {
                if (s[c] > s[best]) {
                    best = c;
                }
            }
            int label = (int) gt[i];
            labelled[label]++;
            if (s[best] > thr) {
                predicted[best]++;
                if (best == label) {
                    correct[best]++;
                }
            }
        }
        double[] p = new double[numClasses];
        double[] r = new double[numClasses];
        double[] f = new double[numClasses];
        double eps = Math.ulp(1.0f);
        for (int c = 0; c < numClasses; c++) {
            p[c] = (double) correct[c] / Math.max(predicted[c], 1) * 100;
            r[c] = (double) correct[c] / Math.max(labelled[c], 1) * 100;
            f[c] = 2 * p[c] * r[c] / Math.max(p[c] + r[c], eps);
        }
        return new PerClass(p, r, f);
    }

    /** {@code average_mode='macro'}: the unweighted mean over classes. */
    static double macro(double[] perClass) {
        return java.util.Arrays.stream(perClass).average().orElse(0);
    }

    /** mmcls {@code support}: the number of samples labelled with each class. */
    static long[] support(long[] gt, int numClasses) {
        long[] out = new long[numClasses];
        for (long g : gt) {
            out[(int) g]++;
        }
        return out;
    }
}
