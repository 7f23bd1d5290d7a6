package io.mgd.seg.core.evaluation;

import io.mgd.core.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * mmseg 0.20 {@code eval_metrics}, {@code pre_eval_to_metrics} and
 * {@code total_area_to_metrics}. The result maps, in mmseg's order, {@code aAcc} (one value),
 * then per metric: {@code mIoU} → {@code IoU}, {@code Acc}; {@code mDice} → {@code Dice},
 * {@code Acc}; {@code mFscore} → {@code Fscore}, {@code Precision}, {@code Recall} (one value
 * per class). A class absent from both prediction and label gives 0/0 = NaN (IoU, Acc, …), a
 * class absent from the label only gives Acc NaN, unless {@code nan_to_num} replaces NaN.
 *
 * <p>Counts and ratios are computed in double precision (mmseg's pre-eval path sums float32
 * histograms); the difference is far below the two decimals mmseg reports.
 */
public final class SegMetrics {
    /** The metric names mmseg accepts. */
    public static final Set<String> ALLOWED = Set.of("mIoU", "mDice", "mFscore");

    private SegMetrics() {}

    /**
     * {@code eval_metrics} over whole prediction/label maps (flat long arrays, one pair per
     * image).
     */
    public static LinkedHashMap<String, double[]> evalMetrics(List<long[]> results, List<long[]> gtSegMaps,
            int numClasses, int ignoreIndex, List<String> metrics, Double nanToNum,
            java.util.Map<Integer, Integer> labelMap, boolean reduceZeroLabel, double beta) {
        if (results.size() != gtSegMaps.size()) {
            throw new IllegalArgumentException(results.size() + " predictions for " + gtSegMaps.size() + " labels");
        }
        AreaStats total = AreaStats.zeros(numClasses);
        for (int i = 0; i < results.size(); i++) {
            total = total.plus(IntersectAndUnion.compute(results.get(i), gtSegMaps.get(i), numClasses, ignoreIndex,
                    labelMap, reduceZeroLabel));
        }
        return totalAreaToMetrics(total, metrics, nanToNum, beta);
    }

    /** {@code pre_eval_to_metrics}: the per-image results summed, then the metrics. */
    public static LinkedHashMap<String, double[]> preEvalToMetrics(List<AreaStats> preEval, List<String> metrics,
            Double nanToNum, double beta) {
        if (preEval.isEmpty()) {
            throw new IllegalArgumentException("no pre-eval results to evaluate");
        }
        AreaStats total = preEval.get(0);
        for (int i = 1; i < preEval.size(); i++) {
            total = total.plus(preEval.get(i));
        }
        return totalAreaToMetrics(total, metrics, nanToNum, beta);
    }

    /** {@code total_area_to_metrics}. */
    public static LinkedHashMap<String, double[]> totalAreaToMetrics(AreaStats total, List<String> metrics,
            Double nanToNum, double beta) {
        checkMetrics(metrics);
        double[] ai = total.intersect();
        double[] au = total.union();
        double[] ap = total.predLabel();
        double[] al = total.label();
        LinkedHashMap<String, double[]> ret = new LinkedHashMap<>();
        ret.put("aAcc", new double[] {sum(ai) / sum(al)});
        for (String metric : metrics) {
            switch (metric) {
                case "mIoU" -> {
                    ret.put("IoU", div(ai, au));
                    ret.put("Acc", div(ai, al));
                }
                case "mDice" -> {
                    double[] denom = new double[ai.length];
                    double[] twice = new double[ai.length];
                    for (int c = 0; c < ai.length; c++) {
                        denom[c] = ap[c] + al[c];
                        twice[c] = 2 * ai[c];
                    }
                    ret.put("Dice", div(twice, denom));
                    ret.put("Acc", div(ai, al));
                }
                case "mFscore" -> {
                    double[] precision = div(ai, ap);
                    double[] recall = div(ai, al);
                    double[] f = new double[ai.length];
                    for (int c = 0; c < f.length; c++) {
                        double p = precision[c];
                        double r = recall[c];
                        f[c] = (1 + beta * beta) * (p * r) / (beta * beta * p + r);
                    }
                    ret.put("Fscore", f);
                    ret.put("Precision", precision);
                    ret.put("Recall", recall);
                }
                default -> throw new IllegalStateException(metric);
            }
        }
        if (nanToNum != null) {
            for (double[] v : ret.values()) {
                for (int i = 0; i < v.length; i++) {
                    if (Double.isNaN(v[i])) {
                        v[i] = nanToNum;
                    }
                }
            }
        }
        return ret;
    }

    /** Rejects metric names mmseg does not know, naming the allowed ones. */
    public static void checkMetrics(List<String> metrics) {
        for (String m : metrics) {
            if (!ALLOWED.contains(m)) {
                throw new ConfigException("metric " + metrics + " is not supported; allowed metrics are "
                        + List.of("mIoU", "mDice", "mFscore"));
            }
        }
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static double[] div(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / b[i]; // 0/0 = NaN as in torch
        }
        return out;
    }
}
