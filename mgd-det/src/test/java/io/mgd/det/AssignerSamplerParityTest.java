package io.mgd.det;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.Registries;
import io.mgd.det.core.bbox.assigners.AssignResult;
import io.mgd.det.core.bbox.assigners.BboxAssigner;
import io.mgd.det.core.bbox.samplers.BboxSampler;
import io.mgd.det.core.bbox.samplers.SamplingResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MaxIoUAssigner against PyTorch; samplers on hand-built assignments. */
class AssignerSamplerParityTest extends DetTestSupport {

    private void checkCase(String name, ConfigDict cfg, boolean far) {
        cfg.put("type", "MaxIoUAssigner");
        BboxAssigner a = (BboxAssigner) build(Registries.ASSIGNERS, cfg);
        NDArray gts = fx(far ? "assign/gts_far" : "assign/gts");
        NDArray labels = fx(far ? "assign/labels_far" : "assign/labels");
        AssignResult r = a.assign(fx("assign/anchors"), gts, fx("assign/ignore"), labels);
        assertArrayEquals(fx("assign/" + name + ".gt_inds").toLongArray(), r.gtInds(), name + " gt_inds");
        assertArrayEquals(fx("assign/" + name + ".labels").toLongArray(), r.labels(), name + " labels");
        close(fx("assign/" + name + ".max_overlaps"), manager.create(r.maxOverlaps()), 1e-6);
    }

    @Test
    void maxIouAssignerMatchesMmdet() {
        checkCase("retina", ConfigDict.of("pos_iou_thr", 0.5, "neg_iou_thr", 0.4, "min_pos_iou", 0.0), false);
        checkCase("ignore", ConfigDict.of("pos_iou_thr", 0.5, "neg_iou_thr", 0.4, "ignore_iof_thr", 0.5), false);
        checkCase("ignore_wrt_gt", ConfigDict.of("pos_iou_thr", 0.5, "neg_iou_thr", 0.4, "min_pos_iou", 0.1,
                "ignore_iof_thr", 0.3, "ignore_wrt_candidates", false), false);
        checkCase("rpn_tuple", ConfigDict.of("pos_iou_thr", 0.7, "neg_iou_thr", List.of(0.1, 0.3), "min_pos_iou", 0.3,
                "gt_max_assign_all", false), false);
        checkCase("rcnn", ConfigDict.of("pos_iou_thr", 0.5, "neg_iou_thr", 0.5, "min_pos_iou", 0.5,
                "match_low_quality", false), false);
        checkCase("zero_iou_gt", ConfigDict.of("pos_iou_thr", 0.5, "neg_iou_thr", 0.4), true);
    }

    @Test
    void noGtsMakesEverythingNegative() {
        BboxAssigner a = (BboxAssigner) build(Registries.ASSIGNERS,
                ConfigDict.of("type", "MaxIoUAssigner", "pos_iou_thr", 0.5, "neg_iou_thr", 0.4));
        AssignResult r = a.assign(fx("assign/anchors"), manager.zeros(new Shape(0, 4)), null,
                manager.zeros(new Shape(0), ai.djl.ndarray.types.DataType.INT64));
        assertTrue(Arrays.stream(r.gtInds()).allMatch(v -> v == 0));
        assertTrue(Arrays.stream(r.labels()).allMatch(v -> v == -1));
    }

    private static AssignResult handAssignment() {
        // 10 candidates: 3 positives (gts 1, 2, 1), 5 negatives, 2 ignored
        long[] inds = {1, 0, -1, 2, 0, 0, 1, 0, -1, 0};
        long[] labels = {4, -1, -1, 7, -1, -1, 4, -1, -1, -1};
        return new AssignResult(2, inds, new float[10], labels);
    }

    @Test
    void pseudoSamplerKeepsEveryAssignedCandidate() {
        BboxSampler s = (BboxSampler) build(Registries.SAMPLERS, ConfigDict.of("type", "PseudoSampler"));
        NDArray boxes = manager.arange(40f).reshape(10, 4);
        NDArray gts = manager.create(new float[] {0, 0, 5, 5, 1, 1, 9, 9}, new Shape(2, 4));
        SamplingResult r = s.sample(handAssignment(), boxes, gts, null);
        assertArrayEquals(new long[] {0, 3, 6}, r.posInds());
        assertArrayEquals(new long[] {1, 4, 5, 7, 9}, r.negInds());
        assertArrayEquals(new long[] {0, 1, 0}, r.posAssignedGtInds());
        assertArrayEquals(new long[] {4, 7, 4}, r.posGtLabels());
        assertArrayEquals(new float[] {0, 0, 5, 5, 1, 1, 9, 9, 0, 0, 5, 5}, r.posGtBboxes().toFloatArray());
        assertArrayEquals(new float[] {12, 13, 14, 15}, r.posBboxes().get("1").toFloatArray());
    }

    @Test
    void randomSamplerRespectsCountsAndAddsGts() {
        BboxSampler s = (BboxSampler) build(Registries.SAMPLERS, ConfigDict.of("type", "RandomSampler", "num", 6L,
                "pos_fraction", 0.5, "neg_pos_ub", -1L, "add_gt_as_proposals", true, "seed", 7L));
        NDArray boxes = manager.arange(40f).reshape(10, 4);
        NDArray gts = manager.create(new float[] {0, 0, 5, 5, 1, 1, 9, 9}, new Shape(2, 4));
        NDArray gtLabels = manager.create(new long[] {4, 7});
        SamplingResult r = s.sample(handAssignment(), boxes, gts, gtLabels);
        // 2 gts prepended: 5 positive candidates, at most 3 kept; then 6 - 3 negatives out of 5
        assertEquals(3, r.posInds().length);
        assertEquals(3, r.negInds().length);
        assertEquals(12, r.bboxes().getShape().get(0));
        for (long p : r.posInds()) {
            assertTrue(List.of(0L, 1L, 2L, 5L, 8L).contains(p), "positive " + p);
        }
        for (long n : r.negInds()) {
            assertTrue(List.of(3L, 6L, 7L, 9L, 11L).contains(n), "negative " + n);
        }
        long[] sorted = r.negInds().clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, r.negInds());
        // neg_pos_ub caps negatives at ub * max(1, #pos)
        BboxSampler capped = (BboxSampler) build(Registries.SAMPLERS, ConfigDict.of("type", "RandomSampler", "num",
                8L, "pos_fraction", 0.25, "neg_pos_ub", 1L, "add_gt_as_proposals", false, "seed", 1L));
        SamplingResult c = capped.sample(handAssignment(), boxes, gts, gtLabels);
        assertEquals(2, c.posInds().length);
        assertEquals(2, c.negInds().length);
        assertEquals(false, c.posIsGt()[0]);
    }
}
