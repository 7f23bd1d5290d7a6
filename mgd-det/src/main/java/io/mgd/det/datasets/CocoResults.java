package io.mgd.det.datasets;

import io.mgd.core.util.MgdException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mmdet {@code CocoDataset.results2json} and {@code evaluate} for bbox results: detections to
 * COCO results format, and the evaluator's stats to mmdet's metric keys
 * ({@code bbox_mAP}, {@code bbox_mAP_50}, … rounded to 3 decimals, and
 * {@code bbox_mAP_copypaste}).
 */
public final class CocoResults {
    private static final Logger LOG = LoggerFactory.getLogger(CocoResults.class);
    /** mmdet's {@code coco_metric_names}: metric item → index into {@code cocoEval.stats}. */
    private static final Map<String, Integer> METRIC_INDEX = metricIndex();
    private static final List<String> DEFAULT_ITEMS = List.of("mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l");

    private CocoResults() {}

    /**
     * The keyword arguments of mmdet's {@code evaluate} that matter for bbox.
     *
     * @param proposalNums becomes {@code cocoEval.params.maxDets}
     * @param iouThrs null → {@code np.linspace(.5, .95, 10)}
     * @param metricItems null → mAP, mAP_50, mAP_75, mAP_s, mAP_m, mAP_l
     */
    public record EvalOptions(List<Integer> proposalNums, double[] iouThrs, List<String> metricItems) {}

    /** mmdet's defaults: proposal_nums (100, 300, 1000), iou_thrs None, metric_items None. */
    public static EvalOptions defaults() {
        return new EvalOptions(List.of(100, 300, 1000), null, null);
    }

    /** {@code np.linspace(.5, 0.95, 10)} bit for bit: {@code i * step + start}, last = stop. */
    public static double[] defaultIouThrs() {
        double[] t = new double[10];
        double step = (0.95 - 0.5) / 9;
        for (int i = 0; i < 10; i++) {
            t[i] = i * step + 0.5;
        }
        t[9] = 0.95;
        return t;
    }

    /**
     * mmdet {@code _det2json}: for each image and label, each row {@code [x1, y1, x2, y2, score]}
     * gives {@code {image_id, bbox: [x1, y1, x2 - x1, y2 - y1], score, category_id: cat_ids[label]}}
     * (float32 values widened to double before subtracting, as {@code ndarray.tolist()} does).
     */
    static List<Map<String, Object>> det2json(CocoDataset ds, List<List<float[][]>> results) {
        if (results.size() != ds.size()) {
            throw new MgdException("The length of results is not equal to the dataset len: " + results.size()
                    + " != " + ds.size());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int idx = 0; idx < results.size(); idx++) {
            long imgId = ds.imgIds().get(idx);
            List<float[][]> perLabel = results.get(idx);
            if (perLabel.size() > ds.catIds().size()) {
                throw new MgdException("results for image " + imgId + " have " + perLabel.size()
                        + " classes, the dataset has " + ds.catIds().size());
            }
            for (int label = 0; label < perLabel.size(); label++) {
                for (float[] b : perLabel.get(label)) {
                    if (b.length != 5) {
                        throw new MgdException("a detection must be [x1, y1, x2, y2, score], got " + b.length
                                + " values (image " + imgId + ", label " + label + ")");
                    }
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("image_id", imgId);
                    d.put("bbox", List.of((double) b[0], (double) b[1], (double) b[2] - (double) b[0],
                            (double) b[3] - (double) b[1]));
                    d.put("score", (double) b[4]);
                    d.put("category_id", ds.catIds().get(label));
                    out.add(d);
                }
            }
        }
        return out;
    }

    static Map<String, Object> evaluate(CocoDataset ds, List<List<float[][]>> results, List<String> metrics,
            BboxEvaluator evaluator, EvalOptions options) {
        for (String m : metrics) {
            if (!List.of("bbox", "segm", "proposal", "proposal_fast").contains(m)) {
                throw new MgdException("metric " + m + " is not supported");
            }
            if (!m.equals("bbox")) {
                throw new MgdException("metric " + m + " is not supported by mgd-det; only 'bbox'");
            }
        }
        List<String> items = options.metricItems() == null ? DEFAULT_ITEMS : options.metricItems();
        for (String item : items) {
            if (!METRIC_INDEX.containsKey(item)) {
                throw new MgdException("metric item " + item + " is not supported; supported are "
                        + METRIC_INDEX.keySet());
            }
        }
        List<Map<String, Object>> dets = det2json(ds, results);
        Map<String, Object> out = new LinkedHashMap<>();
        if (metrics.isEmpty()) {
            return out;
        }
        if (dets.isEmpty()) {
            // pycocotools' loadRes fails on an empty list; mmdet logs this and returns no metrics.
            LOG.error("The testing results of the whole dataset is empty.");
            return out;
        }
        double[] iou = options.iouThrs() == null ? defaultIouThrs() : options.iouThrs().clone();
        BboxEvaluator.Params params = new BboxEvaluator.Params(ds.imgIds(), ds.catIds(),
                List.copyOf(options.proposalNums()), iou);
        double[] stats = evaluator.evaluate(ds.cocoJson(), dets, params);
        if (stats == null || stats.length < 12) {
            throw new MgdException("the COCO evaluator returned " + (stats == null ? "nothing" : stats.length
                    + " stats") + "; expected the 12 COCOeval stats");
        }
        for (String item : items) {
            out.put("bbox_" + item, Double.parseDouble(fmt3(stats[METRIC_INDEX.get(item)])));
        }
        out.put("bbox_mAP_copypaste", String.join(" ", fmt3(stats[0]), fmt3(stats[1]), fmt3(stats[2]),
                fmt3(stats[3]), fmt3(stats[4]), fmt3(stats[5])));
        return out;
    }

    /** Python's {@code f'{x:.3f}'}: the exact binary value rounded half-even to 3 decimals. */
    static String fmt3(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        return new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The {@link BboxEvaluator} registered through {@link ServiceLoader}, or an error saying none is. */
    static BboxEvaluator serviceEvaluator() {
        return ServiceLoader.load(BboxEvaluator.class).findFirst().orElseThrow(() -> new MgdException(
                "no COCO bbox evaluator is available: list an io.mgd.det.datasets.BboxEvaluator implementation in "
                        + "META-INF/services/io.mgd.det.datasets.BboxEvaluator"));
    }

    private static Map<String, Integer> metricIndex() {
        Map<String, Integer> m = new LinkedHashMap<>();
        String[] names = {"mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l", "AR@100", "AR@300", "AR@1000",
            "AR_s@1000", "AR_m@1000", "AR_l@1000"};
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], i);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
