package io.mgd.seg.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.config.ConfigException;
import io.mgd.core.testing.Fixtures;
import io.mgd.seg.testing.SegTesting;
import io.mgd.seg.testing.SegTestingJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * intersect_and_union, the metrics and CustomDataset.evaluate's rounding against the mmseg
 * formulas in {@code tools/golden/make_seg_fixtures.py}: three small label maps with ignored
 * pixels and a class absent from the ground truth, under ignore_index, reduce_zero_label, a
 * chained label_map and nan_to_num.
 */
class MetricsGoldenTest {
    private static final String BUNDLE = "metrics";

    private static void assertArray(String what, JsonNode expected, double[] actual, double tol) {
        assertEquals(expected.size(), actual.length, what + " length");
        for (int i = 0; i < actual.length; i++) {
            double e = SegTestingJson.num(expected.get(i));
            if (Double.isNaN(e)) {
                assertTrue(Double.isNaN(actual[i]), what + "[" + i + "] expected NaN, got " + actual[i]);
            } else {
                assertEquals(e, actual[i], tol, what + "[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "nan_to_num", "reduce_zero", "label_map", "ignore_0"})
    void matchesMmseg(String name) {
        JsonNode root = Fixtures.meta(getClass(), BUNDLE, "meta");
        JsonNode c = root.get(name);
        JsonNode args = c.get("args");
        int numClasses = root.get("num_classes").asInt();
        Map<Integer, Integer> labelMap = null;
        if (!args.get("label_map").isNull()) {
            labelMap = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = args.get("label_map").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labelMap.put(Integer.parseInt(e.getKey()), e.getValue().asInt());
            }
        }
        List<String> metrics = SegTesting.strings(args.get("metrics"));
        Double nanToNum = args.get("nan_to_num").isNull() ? null : args.get("nan_to_num").asDouble();
        PreEvalAccumulator acc = new PreEvalAccumulator(numClasses, args.get("ignore_index").asInt(), labelMap,
                args.get("reduce_zero_label").asBoolean());
        List<long[]> preds = new ArrayList<>();
        List<long[]> gts = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 3; i++) {
                NDArray pred = Fixtures.load(m, getClass(), BUNDLE + "/pred." + i);
                NDArray gt = Fixtures.load(m, getClass(), BUNDLE + "/gt." + i);
                AreaStats s = acc.add(pred, gt);
                JsonNode img = c.get("per_image").get(i);
                assertArray(name + " image " + i + " intersect", img.get(0), s.intersect(), 0);
                assertArray(name + " image " + i + " union", img.get(1), s.union(), 0);
                assertArray(name + " image " + i + " pred", img.get(2), s.predLabel(), 0);
                assertArray(name + " image " + i + " label", img.get(3), s.label(), 0);
                preds.add(pred.toLongArray());
                gts.add(gt.toLongArray());
            }
        }
        assertEquals(3, acc.images());
        LinkedHashMap<String, double[]> ret = acc.metrics(metrics, nanToNum, 1.0);
        List<String> keys = new ArrayList<>();
        c.get("metrics").fieldNames().forEachRemaining(keys::add);
        assertEquals(keys, List.copyOf(ret.keySet()), name + " metric keys and order");
        ret.forEach((k, v) -> assertArray(name + " " + k, c.get("metrics").get(k), v, 1e-6));
        // eval_metrics over whole maps gives the same
        LinkedHashMap<String, double[]> direct = SegMetrics.evalMetrics(preds, gts, numClasses,
                args.get("ignore_index").asInt(), metrics, nanToNum, labelMap, args.get("reduce_zero_label").asBoolean(),
                1.0);
        direct.forEach((k, v) -> assertArray(name + " eval_metrics " + k, c.get("metrics").get(k), v, 1e-6));

        SegEvalReport report = SegEvalReport.of(ret, SegTesting.strings(root.get("class_names")));
        report.summary().forEach((k, v) -> assertArray(name + " summary " + k, arrayOf(c.get("summary").get(k)),
                new double[] {v}, 1e-4));
        LinkedHashMap<String, Double> log = report.evalResults();
        List<String> logKeys = new ArrayList<>();
        c.get("log").fieldNames().forEachRemaining(logKeys::add);
        assertEquals(logKeys, List.copyOf(log.keySet()), name + " log keys");
        log.forEach((k, v) -> assertArray(name + " log " + k, arrayOf(c.get("log").get(k)), new double[] {v}, 1e-6));
    }

    private static JsonNode arrayOf(JsonNode scalar) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(scalar);
    }

    @Test
    void tablesLookLikeMmsegs() {
        LinkedHashMap<String, double[]> ret = new LinkedHashMap<>();
        ret.put("aAcc", new double[] {0.9});
        ret.put("IoU", new double[] {0.97123, 0.5, Double.NaN});
        ret.put("Acc", new double[] {0.98761, 0.25, Double.NaN});
        SegEvalReport r = SegEvalReport.of(ret, List.of("road", "sidewalk", "wall"));
        assertEquals(String.join("\n",
                "+----------+-------+-------+",
                "|  Class   |  IoU  |  Acc  |",
                "+----------+-------+-------+",
                "|   road   | 97.12 | 98.76 |",
                "| sidewalk |  50.0 |  25.0 |",
                "|   wall   |  nan  |  nan  |",
                "+----------+-------+-------+"), r.classTable());
        assertEquals(String.join("\n",
                "+------+-------+-------+",
                "| aAcc |  mIoU |  mAcc |",
                "+------+-------+-------+",
                "| 90.0 | 73.56 | 61.88 |",
                "+------+-------+-------+"), r.summaryTable());
        assertEquals(List.of("per class results:", "\n" + r.classTable(), "Summary:", "\n" + r.summaryTable()),
                r.logMessages());
        LinkedHashMap<String, Double> log = r.evalResults();
        assertEquals(List.of("aAcc", "mIoU", "mAcc", "IoU.road", "IoU.sidewalk", "IoU.wall", "Acc.road",
                "Acc.sidewalk", "Acc.wall"), List.copyOf(log.keySet()));
        assertEquals(0.7356, log.get("mIoU"), 1e-12);
        assertEquals(0.9712, log.get("IoU.road"), 1e-12);
        assertTrue(log.get("Acc.wall").isNaN());
        // without CLASSES the classes are named by index
        assertTrue(SegEvalReport.of(ret, null).evalResults().containsKey("IoU.2"));
    }

    @Test
    void unknownMetricIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SegMetrics.totalAreaToMetrics(AreaStats.zeros(2), List.of("mIoU", "mAP"), null, 1));
        assertTrue(e.getMessage().contains("allowed metrics are [mIoU, mDice, mFscore]"), e.getMessage());
    }
}
