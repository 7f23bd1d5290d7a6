package io.mgd.cls.apis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.cls.datasets.BaseDataset;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ClsTask.evaluate} against mmcls 0.19's {@code BaseDataset.evaluate} semantics as computed
 * by {@code tools/golden/make_cls_eval_fixtures.py}: keys, order and values of accuracy (top-k,
 * thresholds), precision, recall, f1_score and support, macro and per class.
 */
class ClsEvaluateTest {
    private static JsonNode fixture;
    private static List<Object> scores;
    private static BaseDataset dataset;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ClsEvaluateTest.class.getResourceAsStream("cls_eval.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        scores = new ArrayList<>();
        for (JsonNode row : fixture.get("scores")) {
            float[] s = new float[row.size()];
            for (int c = 0; c < s.length; c++) {
                s[c] = (float) row.get(c).asDouble();
            }
            scores.add(s);
        }
        List<Long> labels = new ArrayList<>();
        fixture.get("labels").forEach(l -> labels.add(l.asLong()));
        dataset = datasetWithLabels(labels);
    }

    private static BaseDataset datasetWithLabels(List<Long> labels) {
        List<Map<String, Object>> infos = new ArrayList<>();
        labels.forEach(l -> infos.add(Map.of("gt_label", l)));
        return new BaseDataset("", null, true, null, null, infos) {};
    }

    /** JSON options as the config loader gives them: integers as Long, lists for tuples. */
    private static Object configValue(JsonNode v) {
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(configValue(x)));
            return out;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        return v.isNumber() ? (Object) v.asDouble() : v.asText();
    }

    @Test
    void everyCaseGivesMmclsKeysInMmclsOrderWithItsValues() {
        for (JsonNode c : fixture.get("cases")) {
            List<String> metrics = new ArrayList<>();
            c.get("metrics").forEach(m -> metrics.add(m.asText()));
            ConfigDict options = new ConfigDict();
            c.get("metric_options").fields().forEachRemaining(e -> options.put(e.getKey(), configValue(e.getValue())));
            String what = metrics + " " + c.get("metric_options");
            LinkedHashMap<String, Object> got = new ClsTask().evaluate(dataset, scores, metrics,
                    options.isEmpty() ? null : options);
            List<String> expectedKeys = new ArrayList<>();
            c.get("expected").fieldNames().forEachRemaining(expectedKeys::add);
            assertEquals(expectedKeys, new ArrayList<>(got.keySet()), what);
            c.get("expected").fields().forEachRemaining(e -> {
                Object v = got.get(e.getKey());
                if (e.getValue().isArray()) {
                    List<?> list = (List<?>) v;
                    assertEquals(e.getValue().size(), list.size(), what + " " + e.getKey());
                    for (int i = 0; i < list.size(); i++) {
                        assertEquals(e.getValue().get(i).asDouble(), ((Number) list.get(i)).doubleValue(), 1e-9,
                                what + " " + e.getKey() + "[" + i + "]");
                    }
                } else {
                    assertEquals(e.getValue().asDouble(), ((Number) v).doubleValue(), 1e-9, what + " " + e.getKey());
                }
            });
        }
    }

    @Test
    void perClassSupportIsIntegral() {
        LinkedHashMap<String, Object> got = new ClsTask().evaluate(dataset, scores, List.of("support"),
                ConfigDict.of("average_mode", "none"));
        assertTrue(((List<?>) got.get("support")).stream().allMatch(x -> x instanceof Long), got.toString());
    }

    @Test
    void unknownMetricsAndOptionsAreErrorsNamingTheAllowedOnes() {
        ClsTask task = new ClsTask();
        ConfigException metric = assertThrows(ConfigException.class,
                () -> task.evaluate(dataset, scores, List.of("mAP"), null));
        assertEquals("metric 'mAP' is not supported; supported: [accuracy, precision, recall, f1_score, support]",
                metric.getMessage());
        ConfigException option = assertThrows(ConfigException.class,
                () -> task.evaluate(dataset, scores, List.of("accuracy"), ConfigDict.of("average", "macro")));
        assertEquals("metric_options.average is not an mmcls option; allowed: [topk, thrs, average_mode]",
                option.getMessage());
        ConfigException mode = assertThrows(ConfigException.class,
                () -> task.evaluate(dataset, scores, List.of("recall"), ConfigDict.of("average_mode", "micro")));
        assertEquals("metric_options.average_mode must be 'macro' or 'none', got 'micro'", mode.getMessage());
        ConfigException topk = assertThrows(ConfigException.class,
                () -> task.evaluate(dataset, scores, List.of("accuracy"), ConfigDict.of("topk", "1")));
        assertTrue(topk.getMessage().startsWith("metric_options.topk must be an int or a tuple of ints"),
                topk.getMessage());
    }

    @Test
    void aLabelOutsideTheScoredClassesIsAnError() {
        List<Long> labels = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            labels.add(i == 7 ? 6L : 0L);
        }
        MgdException e = assertThrows(MgdException.class,
                () -> new ClsTask().evaluate(datasetWithLabels(labels), scores, List.of("accuracy"), null));
        assertEquals("sample 7 has gt label 6 but the model scores 6 classes", e.getMessage());
    }
}
