package io.mgd.cls.apis;

import java.util.List;

/** mmcls {@code accuracy_numpy} on collected scores: top-k hit rates in percent. */
final class ClsMetrics {
    private ClsMetrics() {}

    /**
     * A sample is a top-k hit when fewer than k classes score strictly higher than its true class
     * (torch's topk keeps the lower index on ties; exact ties of softmax scores do not occur in
     * practice) and its true-class score is above 0, as mmcls's default {@code thrs=0.}.
     */
    static double[] topkAccuracy(List<float[]> scores, long[] gt, int[] topk) {
        double[] hits = new double[topk.length];
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
                if (higher < topk[k] && target > 0) {
                    hits[k]++;
                }
            }
        }
        double[] out = new double[topk.length];
        for (int k = 0; k < topk.length; k++) {
            out[k] = scores.isEmpty() ? 0 : hits[k] * 100.0 / scores.size();
        }
        return out;
    }
}
