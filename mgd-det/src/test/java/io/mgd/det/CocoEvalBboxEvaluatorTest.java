package io.mgd.det;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.util.MgdException;
import io.mgd.det.core.evaluation.CocoEvalBboxEvaluator;
import io.mgd.det.datasets.BboxEvaluator;
import io.mgd.det.datasets.CocoResults;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CocoEval-backed {@link BboxEvaluator} against the pycocotools numbers of coco_cases.json:
 * mmdet's maxDets (100, 300, 1000) map onto pycocotools' stats when no image has more than 100
 * detections of one class.
 */
class CocoEvalBboxEvaluatorTest {
    private static JsonNode cases() throws Exception {
        try (InputStream in = CocoEvalBboxEvaluatorTest.class.getResourceAsStream("coco_cases.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<Map<String, Object>> dets(JsonNode arr) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode d : arr) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("image_id", d.get("image_id").asLong());
            JsonNode b = d.get("bbox");
            r.put("bbox", List.of(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()));
            r.put("score", d.get("score").asDouble());
            r.put("category_id", d.get("category_id").asLong());
            out.add(r);
        }
        return out;
    }

    private static List<Long> ids(JsonNode arr) {
        List<Long> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.get("id").asLong()));
        return out;
    }

    @Test
    void mapsPycocotoolsStatsToMmdetOrder() throws Exception {
        for (String name : List.of("perfect", "half_recall", "crowd", "areas", "random")) {
            JsonNode c = cases().get(name);
            BboxEvaluator.Params p = new BboxEvaluator.Params(ids(c.get("gt").get("images")),
                    ids(c.get("gt").get("categories")), List.of(100, 300, 1000), CocoResults.defaultIouThrs());
            double[] s = new CocoEvalBboxEvaluator().evaluate(c.get("gt"), dets(c.get("dets")), p);
            double[] py = new double[12];
            for (int i = 0; i < 12; i++) {
                py[i] = c.get("stats").get(i).asDouble();
            }
            double[] expected = {py[0], py[1], py[2], py[3], py[4], py[5], py[8], py[8], py[8], py[9], py[10], py[11]};
            assertArrayEquals(expected, s, 1e-12, name);
        }
    }

    @Test
    void refusesWhatItCannotReproduce() throws Exception {
        JsonNode c = cases().get("perfect");
        List<Long> imgs = ids(c.get("gt").get("images"));
        List<Long> cats = ids(c.get("gt").get("categories"));
        CocoEvalBboxEvaluator ev = new CocoEvalBboxEvaluator();
        MgdException e = assertThrows(MgdException.class, () -> ev.evaluate(c.get("gt"), dets(c.get("dets")),
                new BboxEvaluator.Params(imgs, cats, List.of(1, 10, 100), CocoResults.defaultIouThrs())));
        assertTrue(e.getMessage().contains("proposal_nums"), e.getMessage());
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("image_id", imgs.get(0));
            r.put("bbox", List.of(1.0 + i, 2.0, 10.0, 10.0));
            r.put("score", 0.5);
            r.put("category_id", cats.get(0));
            many.add(r);
        }
        e = assertThrows(MgdException.class, () -> ev.evaluate(c.get("gt"), many,
                new BboxEvaluator.Params(imgs, cats, List.of(100, 300, 1000), CocoResults.defaultIouThrs())));
        assertTrue(e.getMessage().contains("more than 100 detections"), e.getMessage());
    }
}
