package io.mgd.det.core.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.util.MgdException;
import io.mgd.det.datasets.BboxEvaluator;
import io.mgd.det.datasets.CocoResults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link BboxEvaluator} of {@code CocoDataset.evaluate}, on {@link CocoEval}.
 *
 * <p>{@link CocoEval} uses pycocotools' default {@code maxDets} (1, 10, 100) and IoU thresholds,
 * while mmdet sets {@code maxDets = proposal_nums = (100, 300, 1000)}. pycocotools keeps the
 * {@code maxDet} best detections per (image, category), so with at most 100 of them every AP is
 * the same at 100 and 1000 and so are the recalls; this evaluator maps the stats accordingly and
 * refuses (rather than returning a silently different number) results with more than 100
 * detections for one image and category, and other maxDets or IoU thresholds.
 */
public final class CocoEvalBboxEvaluator implements BboxEvaluator {
    private static final int PER_IMAGE_CLASS_LIMIT = 100;

    @Override
    public double[] evaluate(JsonNode gtJson, List<Map<String, Object>> dets, Params params) {
        if (!params.maxDets().equals(List.of(100, 300, 1000))) {
            throw new MgdException("COCO bbox evaluation supports proposal_nums (100, 300, 1000) only, got "
                    + params.maxDets());
        }
        if (!Arrays.equals(params.iouThrs(), CocoResults.defaultIouThrs())) {
            throw new MgdException("COCO bbox evaluation supports the default iou_thrs (.50:.05:.95) only, got "
                    + Arrays.toString(params.iouThrs()));
        }
        CocoGroundTruth full = CocoGroundTruth.parse(gtJson, "the dataset's annotation file");
        Set<Long> imgs = new HashSet<>(params.imgIds());
        Set<Long> cats = new HashSet<>(params.catIds());
        List<CocoGroundTruth.Annotation> anns = new ArrayList<>();
        for (CocoGroundTruth.Annotation a : full.annotations()) {
            if (imgs.contains(a.imageId()) && cats.contains(a.categoryId())) {
                anns.add(a);
            }
        }
        // cocoEval.params.imgIds / catIds restrict the evaluation to the dataset's images and classes
        CocoGroundTruth gt = new CocoGroundTruth(List.copyOf(params.imgIds()), anns, List.copyOf(params.catIds()),
                full.categoryNames());
        List<CocoDetection> detections = new ArrayList<>();
        Map<String, Integer> perImageClass = new HashMap<>();
        Set<Long> known = new HashSet<>(full.imageIds());
        for (Map<String, Object> d : dets) {
            long img = ((Number) d.get("image_id")).longValue();
            long cat = ((Number) d.get("category_id")).longValue();
            if (!known.contains(img)) {
                throw new MgdException("Results do not correspond to current coco set: image_id " + img
                        + " is not in the annotation file");
            }
            if (!imgs.contains(img)) {
                continue;
            }
            List<?> b = (List<?>) d.get("bbox");
            double[] box = new double[4];
            for (int i = 0; i < 4; i++) {
                box[i] = ((Number) b.get(i)).doubleValue();
            }
            detections.add(new CocoDetection(img, cat, box, ((Number) d.get("score")).doubleValue()));
            int n = perImageClass.merge(img + "/" + cat, 1, Integer::sum);
            if (n > PER_IMAGE_CLASS_LIMIT) {
                throw new MgdException("image " + img + " has more than " + PER_IMAGE_CLASS_LIMIT
                        + " detections of category " + cat + "; COCO bbox evaluation with maxDets 1000 is not "
                        + "supported (lower test_cfg.max_per_img)");
            }
        }
        double[] s = new CocoEval(gt, detections).run();
        // mmdet order: AP ×6 (at 1000 = at 100 here), AR@100, AR@300, AR@1000, AR_s/m/l@1000
        return new double[] {s[0], s[1], s[2], s[3], s[4], s[5], s[8], s[8], s[8], s[9], s[10], s[11]};
    }
}
