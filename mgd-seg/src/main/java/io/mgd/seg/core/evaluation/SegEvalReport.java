package io.mgd.seg.core.evaluation;

import io.mgd.core.runner.PyFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What mmseg's {@code CustomDataset.evaluate} prints and returns for a metrics result.
 *
 * <ul>
 *   <li>{@link #classTable()}: a PrettyTable with columns {@code Class}, then each per-class
 *       metric ({@code IoU}, {@code Acc}, …) as percent rounded to 2 decimals
 *       ({@code np.round(v * 100, 2)}, NaN printed {@code nan});</li>
 *   <li>{@link #summaryTable()}: {@code aAcc}, then {@code m<metric>} ({@code mIoU},
 *       {@code mAcc}, …), each {@code np.round(np.nanmean(v) * 100, 2)};</li>
 *   <li>{@link #evalResults()}: the dict the EvalHook logs, fractions: {@code aAcc},
 *       {@code mIoU}, {@code mAcc}, …, then {@code IoU.<class>}, {@code Acc.<class>}, … (the
 *       rounded percent divided by 100; NaN stays NaN).</li>
 * </ul>
 */
public final class SegEvalReport {
    private final List<String> classNames;
    private final LinkedHashMap<String, Double> summary = new LinkedHashMap<>();
    private final LinkedHashMap<String, double[]> perClass = new LinkedHashMap<>();

    private SegEvalReport(Map<String, double[]> retMetrics, List<String> classNames) {
        this.classNames = List.copyOf(classNames);
        retMetrics.forEach((k, v) -> {
            summary.put(k, npRound2(nanmean(v) * 100));
            if (!"aAcc".equals(k)) {
                if (v.length != classNames.size()) {
                    throw new IllegalArgumentException(k + " has " + v.length + " values for " + classNames.size()
                            + " classes");
                }
                double[] r = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = npRound2(v[i] * 100);
                }
                perClass.put(k, r);
            }
        });
    }

    /**
     * @param retMetrics a {@link SegMetrics} result
     * @param classNames the dataset's CLASSES; null names the classes 0, 1, … as mmseg does
     */
    public static SegEvalReport of(Map<String, double[]> retMetrics, List<String> classNames) {
        List<String> names = classNames;
        if (names == null) {
            int n = retMetrics.values().stream().mapToInt(v -> v.length).max().orElse(0);
            names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add(Integer.toString(i));
            }
        }
        return new SegEvalReport(retMetrics, names);
    }

    /** Summary percentages by mmseg key ({@code aAcc}, {@code IoU}, {@code Acc}, …). */
    public Map<String, Double> summary() {
        return new LinkedHashMap<>(summary);
    }

    /** The per-class table, as {@code PrettyTable.get_string()}. */
    public String classTable() {
        List<String> headers = new ArrayList<>();
        List<List<String>> columns = new ArrayList<>();
        headers.add("Class");
        columns.add(classNames);
        perClass.forEach((k, v) -> {
            headers.add(k);
            List<String> col = new ArrayList<>();
            for (double x : v) {
                col.add(PyFormat.repr(x));
            }
            columns.add(col);
        });
        return PrettyTable.render(headers, columns);
    }

    /** The summary table, as {@code PrettyTable.get_string()}. */
    public String summaryTable() {
        List<String> headers = new ArrayList<>();
        List<List<String>> columns = new ArrayList<>();
        summary.forEach((k, v) -> {
            headers.add("aAcc".equals(k) ? k : "m" + k);
            columns.add(List.of(PyFormat.repr(v)));
        });
        return PrettyTable.render(headers, columns);
    }

    /** The four messages mmseg logs: the two titles and the two tables (each after a newline). */
    public List<String> logMessages() {
        return List.of("per class results:", "\n" + classTable(), "Summary:", "\n" + summaryTable());
    }

    /** The metrics dict mmseg returns and the EvalHook logs (fractions). */
    public LinkedHashMap<String, Double> evalResults() {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        summary.forEach((k, v) -> out.put("aAcc".equals(k) ? k : "m" + k, v / 100.0));
        perClass.forEach((k, v) -> {
            for (int i = 0; i < v.length; i++) {
                out.put(k + "." + classNames.get(i), v[i] / 100.0);
            }
        });
        return out;
    }

    /** {@code np.round(x, 2)}: scale, round half to even, unscale, as numpy does it. */
    static double npRound2(double x) {
        return Math.rint(x * 100) / 100;
    }

    /** {@code np.nanmean}: mean of the non-NaN values, NaN when there are none. */
    static double nanmean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
