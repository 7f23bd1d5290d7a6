package io.mgd.det.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The COCO bbox evaluation {@link CocoDataset#evaluate} calls: pycocotools'
 * {@code COCOeval(cocoGt, cocoGt.loadRes(dets), 'bbox')} with the given parameters, then
 * {@code evaluate(); accumulate(); summarize()}, returning {@code cocoEval.stats}.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.mgd.det.datasets.BboxEvaluator}) or passed in directly.
 */
@FunctionalInterface
public interface BboxEvaluator {
    /**
     * What mmdet sets on {@code cocoEval.params}.
     *
     * @param imgIds images to evaluate ({@code self.img_ids}: after filtering, in dataset order)
     * @param catIds categories ({@code self.cat_ids}, label order)
     * @param maxDets {@code list(proposal_nums)}, by default {@code [100, 300, 1000]}: mmdet 2.x passes
     *     these for bbox too, so the AP stats use the third value
     * @param iouThrs IoU thresholds, by default {@code np.linspace(.5, .95, 10)}
     */
    record Params(List<Long> imgIds, List<Long> catIds, List<Integer> maxDets, double[] iouThrs) {}

    /**
     * Evaluates detections against the ground truth.
     *
     * @param gt the whole COCO instances JSON the dataset read
     * @param dets COCO results: {@code {image_id, bbox: [x, y, w, h], score, category_id}} each
     * @return the 12 {@code COCOeval.stats}: AP, AP50, AP75, AP_s, AP_m, AP_l, AR@maxDets[0..2],
     *     AR_s, AR_m, AR_l at maxDets[2] (−1 where undefined)
     */
    double[] evaluate(JsonNode gt, List<Map<String, Object>> dets, Params params);
}
