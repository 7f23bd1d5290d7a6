package io.mgd.det;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.util.MgdException;
import io.mgd.det.core.evaluation.CocoBboxMetric;
import io.mgd.det.core.evaluation.CocoDetection;
import io.mgd.det.core.evaluation.CocoGroundTruth;
import io.mgd.det.core.post_processing.Detections;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * COCO bbox evaluation against pycocotools 2.0 (numbers in coco_cases.json written by
 * tools/golden/make_coco_eval_fixtures.py) and against values worked out by hand.
 */
class CocoEvalTest {
    private static final JsonNode CASES = read();

    private static JsonNode read() {
        try (InputStream in = CocoEvalTest.class.getResourceAsStream("coco_cases.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CocoDetection> dets(JsonNode arr) {
        List<CocoDetection> out = new ArrayList<>();
        for (JsonNode d : arr) {
            JsonNode b = d.get("bbox");
            out.add(new CocoDetection(d.get("image_id").asLong(), d.get("category_id").asLong(),
                    new double[] {b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()},
                    d.get("score").asDouble()));
        }
        return out;
    }

    private static double[] stats(String name) {
        JsonNode c = CASES.get(name);
        return CocoBboxMetric.stats(CocoGroundTruth.parse(c.get("gt"), name), dets(c.get("dets")));
    }

    @Test
    void allCasesMatchPycocotools() {
        for (String name : List.of("perfect", "half_recall", "crowd", "areas", "duplicates", "random")) {
            JsonNode c = CASES.get(name);
            double[] s = stats(name);
            for (int i = 0; i < 12; i++) {
                assertEquals(c.get("stats").get(i).asDouble(), s[i], 1e-12, name + " stat " + i);
            }
            Map<String, Object> m = CocoBboxMetric.evaluate(CocoGroundTruth.parse(c.get("gt"), name),
                    dets(c.get("dets")));
            assertEquals(7, m.size());
            c.get("mmdet").fields().forEachRemaining(e -> {
                Object v = m.get(e.getKey());
                if (e.getValue().isTextual()) {
                    assertEquals(e.getValue().asText(), v, name + " " + e.getKey());
                } else {
                    assertEquals(e.getValue().asDouble(), (Double) v, 0.0, name + " " + e.getKey());
                }
            });
        }
    }

    @Test
    void handComputedValues() {
        double[] perfect = stats("perfect");
        assertEquals(1.0, perfect[0]);
        assertEquals(1.0, perfect[8]);
        // AR@1: image 2 class 1 has two gts, one detection allowed: recall 1/2 there, 1 elsewhere
        assertEquals((1.0 + 1.0 + 0.5) / 3, perfect[6], 1e-12);
        // 2 of 4 found with precision 1: precision 1 at the 51 recall points 0..0.5, 0 after
        double[] half = stats("half_recall");
        assertEquals(51.0 / 101, half[0], 1e-12);
        assertEquals(0.5, half[8], 1e-12);
        assertEquals(-1.0, half[3]); // no small gts
        // crowd: the top detection lies in the crowd region and is ignored; with one detection
        // per image nothing else is seen, so AR@1 is 0 while AR@100 finds the regular gt
        double[] crowd = stats("crowd");
        assertEquals(0.0, crowd[6]);
        assertEquals(1.0, crowd[1], 1e-12);
        // duplicates: TP, FP, TP at IoU .5 -> precision 1 up to recall .5, then 2/3
        double[] dup = stats("duplicates");
        assertEquals((51 + 50 * 2.0 / 3) / 101, dup[1], 1e-12);
        // areas: the missed medium gt gives medium AP 0
        assertEquals(0.0, stats("areas")[4]);
    }

    @Test
    void emptyResultsAndUnknownImages() {
        JsonNode c = CASES.get("perfect");
        CocoGroundTruth gt = CocoGroundTruth.parse(c.get("gt"), "perfect");
        assertTrue(CocoBboxMetric.evaluate(gt, List.of()).isEmpty());
        MgdException e = assertThrows(MgdException.class, () -> CocoBboxMetric.evaluate(gt,
                List.of(new CocoDetection(99, 1, new double[] {0, 0, 1, 1}, 0.5))));
        assertTrue(e.getMessage().contains("image_id 99"), e.getMessage());
    }

    @Test
    void detectionsConvertToCocoResults() {
        Detections d = new Detections(new float[] {10, 20, 30, 60, 1, 2, 3, 4}, new float[] {0.9f, 0.5f},
                new long[] {1, 0}, null);
        List<CocoDetection> r = CocoBboxMetric.toCocoResults(List.of(d), List.of(42L), List.of(7L, 9L));
        assertEquals(2, r.size());
        assertEquals(7L, r.get(0).categoryId()); // class by class, as mmdet's _det2json
        assertEquals(9L, r.get(1).categoryId());
        assertEquals(42L, r.get(1).imageId());
        assertEquals(List.of(10.0, 20.0, 20.0, 40.0), java.util.Arrays.stream(r.get(1).bbox()).boxed().toList());
    }
}
