package io.mgd.det.core.evaluation;

import io.mgd.det.core.post_processing.Detections;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmdet {@code CocoDataset.evaluate(metric='bbox')}: COCO evaluation reported as
 * {@code bbox_mAP}, {@code bbox_mAP_50}, {@code bbox_mAP_75}, {@code bbox_mAP_s},
 * {@code bbox_mAP_m}, {@code bbox_mAP_l} (each rounded to 3 decimals as mmdet's
 * {@code float(f'{v:.3f}')}) and {@code bbox_mAP_copypaste} (the six values, "%.3f" joined by
 * spaces).
 */
public final class CocoBboxMetric {
    private static final String[] ITEMS = {"mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l"};

    private CocoBboxMetric() {}

    /**
     * The mmdet result keys. With no detections at all mmdet logs "The testing results of the
     * whole dataset is empty." and reports nothing: the map is then empty.
     */
    public static Map<String, Object> evaluate(CocoGroundTruth gt, List<CocoDetection> detections) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (detections.isEmpty()) {
            return out;
        }
        double[] stats = new CocoEval(gt, detections).run();
        StringBuilder copypaste = new StringBuilder();
        for (int i = 0; i < ITEMS.length; i++) {
            String s = format3(stats[i]);
            out.put("bbox_" + ITEMS[i], Double.parseDouble(s));
            copypaste.append(i == 0 ? "" : " ").append(s);
        }
        out.put("bbox_mAP_copypaste", copypaste.toString());
        return out;
    }

    /** The 12 COCO summary stats (pycocotools {@code COCOeval.stats}). */
    public static double[] stats(CocoGroundTruth gt, List<CocoDetection> detections) {
        return new CocoEval(gt, detections).run();
    }

    /** Python's {@code f'{v:.3f}'}: the exact binary value rounded half-even. */
    static String format3(double v) {
        return new BigDecimal(v).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * mmdet {@code _det2json}: per-image detections (labels index {@code catIds}) to COCO results,
     * boxes converted from (x1, y1, x2, y2) to (x, y, w, h).
     *
     * @param imageIds the COCO image id of each result, in the same order
     * @param catIds label → category id (the dataset's {@code cat_ids})
     */
    public static List<CocoDetection> toCocoResults(List<Detections> results, List<Long> imageIds, List<Long> catIds) {
        List<CocoDetection> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Detections d = results.get(i);
            for (int c = 0; c < catIds.size(); c++) { // mmdet iterates class by class
                for (int j = 0; j < d.size(); j++) {
                    if (d.labels()[j] == c) {
                        float[] b = d.bboxes();
                        out.add(CocoDetection.fromXyxy(imageIds.get(i), catIds.get(c), b[4 * j], b[4 * j + 1],
                                b[4 * j + 2], b[4 * j + 3], d.scores()[j]));
                    }
                }
            }
        }
        return out;
    }
}
