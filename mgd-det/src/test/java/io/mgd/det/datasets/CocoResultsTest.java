package io.mgd.det.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COCO results conversion and the evaluate hook's keys, rounding and parameters. */
class CocoResultsTest {
    @TempDir
    Path dir;

    /** Per image (10, 13, 14), per label (cat, dog, bird): [x1, y1, x2, y2, score] rows. */
    static List<List<float[][]>> detections() {
        return List.of(
                List.of(new float[][] {{1, 2, 11, 22, 0.9f}}, new float[0][], new float[][] {{0.5f, 0.25f, 1.75f, 3f, 0.5f}}),
                List.of(new float[0][], new float[0][], new float[0][]),
                List.of(new float[0][], new float[][] {{3, 4, 5, 6, 0.25f}}, new float[0][]));
    }

    @Test
    void detectionsBecomeCocoResults() throws Exception {
        CocoDataset ds = CocoFixture.dataset(CocoFixture.write(dir), null, false, true);
        List<Map<String, Object>> json = ds.results2json(detections());
        assertEquals(3, json.size());
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("image_id", 10L);
        first.put("bbox", List.of(1.0, 2.0, 10.0, 20.0));
        first.put("score", 0.8999999761581421);
        first.put("category_id", 3L);
        assertEquals(first, json.get(0));
        assertEquals(List.of(0.5, 0.25, 1.25, 2.75), json.get(1).get("bbox"));
        assertEquals(7L, json.get(1).get("category_id"));
        assertEquals(14L, json.get(2).get("image_id"));
        assertEquals(1L, json.get(2).get("category_id"));
        assertThrows(MgdException.class, () -> ds.results2json(detections().subList(0, 2)));
    }

    @Test
    void evaluateMapsStatsToMmdetKeys() throws Exception {
        CocoDataset ds = CocoFixture.dataset(CocoFixture.write(dir), null, false, true);
        List<BboxEvaluator.Params> seen = new ArrayList<>();
        List<Integer> detCounts = new ArrayList<>();
        BboxEvaluator fake = (gt, dets, params) -> {
            assertSame(ds.cocoJson(), gt);
            seen.add(params);
            detCounts.add(dets.size());
            return new double[] {0.12345, 0.5, 0.0625, -1, 0.3335, 0.9999, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        };
        Map<String, Object> r = ds.evaluate(detections(), List.of("bbox"), fake, CocoResults.defaults());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("bbox_mAP", 0.123);
        expected.put("bbox_mAP_50", 0.5);
        expected.put("bbox_mAP_75", 0.062);
        expected.put("bbox_mAP_s", -1.0);
        expected.put("bbox_mAP_m", 0.334);
        expected.put("bbox_mAP_l", 1.0);
        expected.put("bbox_mAP_copypaste", "0.123 0.500 0.062 -1.000 0.334 1.000");
        assertEquals(expected, r);
        assertEquals(List.of(3), detCounts);
        BboxEvaluator.Params p = seen.get(0);
        assertEquals(List.of(10L, 13L, 14L), p.imgIds());
        assertEquals(List.of(3L, 1L, 7L), p.catIds());
        assertEquals(List.of(100, 300, 1000), p.maxDets());
        assertArrayEquals(new double[] {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95},
                p.iouThrs());

        Map<String, Object> items = ds.evaluate(detections(), List.of("bbox"), fake,
                new CocoResults.EvalOptions(List.of(1, 10, 100), new double[] {0.5}, List.of("AR@300")));
        assertEquals(0.2, items.get("bbox_AR@300"));
        assertEquals(List.of(1, 10, 100), seen.get(1).maxDets());
    }

    @Test
    void emptyResultsUnsupportedMetricsAndMissingEvaluator() throws Exception {
        CocoDataset ds = CocoFixture.dataset(CocoFixture.write(dir), null, false, true);
        List<List<float[][]>> none = List.of(List.of(), List.of(), List.of());
        BboxEvaluator unused = (gt, dets, params) -> {
            throw new AssertionError("no evaluation without detections");
        };
        assertEquals(Map.of(), ds.evaluate(none, List.of("bbox"), unused, CocoResults.defaults()));
        MgdException e = assertThrows(MgdException.class,
                () -> ds.evaluate(detections(), List.of("segm"), unused, CocoResults.defaults()));
        assertTrue(e.getMessage().contains("segm"), e.getMessage());
        assertThrows(MgdException.class, () -> ds.evaluate(detections(), List.of("mAP"), unused, CocoResults.defaults()));
        // the service evaluator (CocoEvalBboxEvaluator) is on the class path now
        assertTrue(ds.evaluate(detections(), List.of("bbox")).containsKey("bbox_mAP"));
    }
}
