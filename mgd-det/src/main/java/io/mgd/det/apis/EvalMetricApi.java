package io.mgd.det.apis;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Dataset;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import io.mgd.det.datasets.CocoDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmdet {@code tools/analysis_tools/eval_metric.py} for COCO results files: the config's test set
 * is built (test mode) and a saved COCO results JSON ({@code tools/test --out}) is evaluated with
 * {@link DetTask#evaluate}, exactly as {@code tools/test --eval} evaluates the same detections.
 */
public final class EvalMetricApi {
    private EvalMetricApi() {}

    /**
     * Evaluates {@code resultsFile} against the test set of {@code cfg}.
     *
     * @param metrics metric names; empty → {@code evaluation.metric}
     * @param options mmdet {@code evaluate} keyword arguments, or null for its defaults
     */
    public static LinkedHashMap<String, Object> evaluate(Config cfg, Path resultsFile, List<String> metrics,
            ConfigDict options) {
        ConfigDict d = cfg.dict();
        List<String> m = metrics;
        if (m.isEmpty() && d.getDict("evaluation") != null) {
            Object v = d.getDict("evaluation").get("metric");
            m = v instanceof String s ? List.of(s) : v instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : List.of();
        }
        if (m.isEmpty()) {
            throw new ConfigException("no metric given: pass --eval bbox or set evaluation.metric");
        }
        ConfigDict data = d.getDict("data");
        if (data == null || data.getDict("test") == null) {
            throw new ConfigException((cfg.filename() == null ? "config" : cfg.filename().toString())
                    + " has no data.test section");
        }
        ConfigDict testCfg = data.getDict("test").deepCopy();
        testCfg.put("test_mode", true);
        DetTask task = new DetTask();
        try (NDManager manager = NDManager.newBaseManager()) {
            Dataset ds = task.buildDataset(testCfg, new BuildContext(Registries.load(), manager));
            if (!(ds instanceof CocoDataset coco)) {
                throw new MgdException("eval_metric needs a CocoDataset test set, got " + ds.getClass().getSimpleName());
            }
            List<Object> results = new ArrayList<>(fromCocoJson(coco, read(resultsFile), resultsFile));
            return task.evaluate(coco, results, m, options);
        }
    }

    private static List<Map<String, Object>> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MgdException("results file not found: " + file);
        }
        try {
            return new ObjectMapper().readValue(file.toFile(), new TypeReference<List<Map<String, Object>>>() {});
        } catch (IOException e) {
            throw new MgdException(file + " is not a COCO results JSON list ({image_id, bbox, score, category_id} "
                    + "objects): " + e.getMessage(), e);
        }
    }

    /**
     * COCO results back to per-image, per-label {@code [x1, y1, x2, y2, score]} rows, in file order
     * within each (image, label). For results written by {@code results2json} this is exact: the
     * float32 boxes were widened to double, so {@code x + w} gives {@code x2} back bit for bit.
     */
    static List<List<float[][]>> fromCocoJson(CocoDataset ds, List<Map<String, Object>> json, Path source) {
        Map<Long, Integer> imgIndex = new HashMap<>();
        for (int i = 0; i < ds.imgIds().size(); i++) {
            imgIndex.put(ds.imgIds().get(i), i);
        }
        Map<Long, Integer> label = ds.cat2label();
        int numClasses = ds.catIds().size();
        List<List<List<float[]>>> rows = new ArrayList<>();
        for (int i = 0; i < ds.size(); i++) {
            List<List<float[]>> perClass = new ArrayList<>();
            for (int c = 0; c < numClasses; c++) {
                perClass.add(new ArrayList<>());
            }
            rows.add(perClass);
        }
        int n = 0;
        for (Map<String, Object> r : json) {
            n++;
            String where = source + " entry " + n;
            long img = number(r, "image_id", where).longValue();
            long cat = number(r, "category_id", where).longValue();
            Integer idx = imgIndex.get(img);
            if (idx == null) {
                throw new MgdException(where + ": image_id " + img + " is not in the config's test set");
            }
            Integer lab = label.get(cat);
            if (lab == null) {
                throw new MgdException(where + ": category_id " + cat + " is not a class of the test set");
            }
            if (!(r.get("bbox") instanceof List<?> b) || b.size() != 4 || !b.stream().allMatch(Number.class::isInstance)) {
                throw new MgdException(where + ": bbox must be [x, y, w, h], got " + r.get("bbox"));
            }
            double x = ((Number) b.get(0)).doubleValue();
            double y = ((Number) b.get(1)).doubleValue();
            double w = ((Number) b.get(2)).doubleValue();
            double h = ((Number) b.get(3)).doubleValue();
            rows.get(idx).get(lab).add(new float[] {(float) x, (float) y, (float) (x + w), (float) (y + h),
                number(r, "score", where).floatValue()});
        }
        List<List<float[][]>> out = new ArrayList<>();
        for (List<List<float[]>> img : rows) {
            List<float[][]> perClass = new ArrayList<>();
            img.forEach(c -> perClass.add(c.toArray(new float[0][])));
            out.add(perClass);
        }
        return out;
    }

    private static Number number(Map<String, Object> r, String key, String where) {
        if (!(r.get(key) instanceof Number v)) {
            throw new MgdException(where + ": '" + key + "' must be a number, got " + r.get(key));
        }
        return v;
    }
}
