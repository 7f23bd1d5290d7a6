package io.mgd.cls.apis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.mgd.cls.datasets.BaseDataset;
import io.mgd.cls.models.classifiers.ImageClassifier;
import io.mgd.core.apis.Task;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Batch;
import io.mgd.core.data.DataLoader;
import io.mgd.core.data.Dataset;
import io.mgd.core.engine.onnx.FloatTensor;
import io.mgd.core.engine.onnx.OnnxModel;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.runner.Progress;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classification as MMClassification's tools see it: mmcls datasets, the single-GPU test loop
 * ({@code simple_test} softmax scores) and {@code BaseDataset.evaluate}'s accuracy metrics.
 */
public final class ClsTask implements Task {
    private static final Set<String> TYPES = Set.of("ImageClassifier", "ClassificationDistiller");

    @Override
    public String name() {
        return "cls";
    }

    @Override
    public String loggerName() {
        return "mmcls";
    }

    @Override
    public boolean owns(String type) {
        return TYPES.contains(type);
    }

    @Override
    public Dataset buildDataset(ConfigDict cfg, BuildContext ctx) {
        Object ds = ctx.build(Registries.DATASETS, cfg);
        if (!(ds instanceof Dataset d)) {
            throw new ConfigException("dataset type '" + cfg.get("type") + "' is not a classification dataset");
        }
        return d;
    }

    @Override
    public List<String> classes(Dataset dataset) {
        return dataset instanceof BaseDataset b ? b.classes() : null;
    }

    @Override
    public List<Object> predict(Module model, DataLoader loader, NDManager manager) {
        if (!(model instanceof ImageClassifier classifier)) {
            throw new MgdException("classification test needs an ImageClassifier, got " + model.getClass().getSimpleName());
        }
        List<Object> out = new ArrayList<>(loader.datasetSize());
        try (NDManager scratch = manager.newSubManager();
                Progress progress = Progress.start("test", loader.datasetSize(), null)) {
            loader.setEpoch(0);
            Iterator<Batch> it = loader.iterator(scratch);
            while (it.hasNext()) {
                try (Batch b = it.next(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray scores = classifier.simpleTest(b.getArray("img")).toType(DataType.FLOAT32, false);
                    long n = scores.getShape().get(0);
                    long c = scores.getShape().get(1);
                    float[] flat = scores.toFloatArray();
                    for (int i = 0; i < n; i++) {
                        float[] row = new float[(int) c];
                        System.arraycopy(flat, (int) (i * c), row, 0, (int) c);
                        out.add(row);
                    }
                    progress.step(n);
                }
            }
        }
        return out;
    }

    /**
     * The test loop on ONNX Runtime: the exported classifier's first output ({@code output}, the
     * softmax scores unless exported without softmax, which leaves the ranking unchanged) per
     * sample, from the same loader and pipeline as {@link #predict}.
     */
    @Override
    public List<Object> predictOnnx(OnnxModel model, ConfigDict modelCfg, DataLoader loader, BuildContext ctx) {
        NDManager manager = ctx.manager();
        String output = model.outputNames().get(0);
        String input = model.inputNames().get(0);
        long fixedBatch = model.inputShape(input)[0];
        List<Object> out = new ArrayList<>(loader.datasetSize());
        try (NDManager scratch = manager.newSubManager();
                Progress progress = Progress.start("test", loader.datasetSize(), null)) {
            loader.setEpoch(0);
            Iterator<Batch> it = loader.iterator(scratch);
            while (it.hasNext()) {
                try (Batch b = it.next()) {
                    NDArray img = b.getArray("img");
                    float[] px = img.toType(DataType.FLOAT32, false).toFloatArray();
                    long[] shape = img.getShape().getShape();
                    int n = (int) shape[0];
                    int per = (int) (px.length / Math.max(1, n));
                    // A static export (batch 1 by default) takes the loader's batches in pieces.
                    int chunk = fixedBatch > 0 ? (int) fixedBatch : n;
                    for (int from = 0; from < n; from += chunk) {
                        int k = Math.min(chunk, n - from);
                        long[] s = shape.clone();
                        s[0] = k;
                        float[] part = java.util.Arrays.copyOfRange(px, from * per, (from + k) * per);
                        FloatTensor scores = model.run(Map.of(input, new FloatTensor(part, s)), List.of(output))
                                .get(output);
                        addRows(scores, model, output, out);
                    }
                    progress.step(n);
                }
            }
        }
        return out;
    }

    private static void addRows(FloatTensor scores, OnnxModel model, String output, List<Object> out) {
        if (scores.shape().length != 2) {
            throw new MgdException("ONNX model '" + model.path() + "' output '" + output + "' has shape "
                    + java.util.Arrays.toString(scores.shape()) + "; a classifier gives (N, num_classes) scores");
        }
        int n = (int) scores.shape()[0];
        int c = (int) scores.shape()[1];
        for (int i = 0; i < n; i++) {
            float[] row = new float[c];
            System.arraycopy(scores.data(), i * c, row, 0, c);
            out.add(row);
        }
    }

    /** What {@code BaseDataset.evaluate} accepts in mmcls 0.19. */
    private static final List<String> METRICS = List.of("accuracy", "precision", "recall", "f1_score", "support");
    private static final List<String> METRIC_OPTIONS = List.of("topk", "thrs", "average_mode");

    /**
     * mmcls 0.19 {@code BaseDataset.evaluate}: {@code accuracy} (keys {@code accuracy_top-k} for a
     * tuple or list {@code topk}, default (1, 5), or {@code accuracy} for a single int), then
     * {@code support}, then {@code precision}, {@code recall}, {@code f1_score} (percent); with
     * {@code average_mode='none'} the last four are per-class lists, with a tuple of {@code thrs}
     * every key gets a {@code _thr_0.50}-style suffix per threshold.
     */
    @Override
    public LinkedHashMap<String, Object> evaluate(Dataset dataset, List<Object> results, List<String> metrics,
            ConfigDict metricOptions) {
        if (!(dataset instanceof BaseDataset b)) {
            throw new MgdException("evaluation needs an mmcls dataset with gt labels");
        }
        for (String metric : metrics) {
            if (!METRICS.contains(metric)) {
                throw new ConfigException("metric '" + metric + "' is not supported; supported: " + METRICS);
            }
        }
        if (metricOptions != null) {
            for (String key : metricOptions.keySet()) {
                if (!METRIC_OPTIONS.contains(key)) {
                    throw new ConfigException("metric_options." + key + " is not an mmcls option; allowed: "
                            + METRIC_OPTIONS);
                }
            }
        }
        long[] gt = b.getGtLabels();
        if (gt.length != results.size()) {
            throw new MgdException("dataset has " + gt.length + " samples but " + results.size() + " results");
        }
        List<float[]> scores = results.stream().map(r -> (float[]) r).toList();
        int numClasses = scores.isEmpty() ? 0 : scores.get(0).length;
        for (int i = 0; i < gt.length; i++) {
            if (gt[i] < 0 || gt[i] >= numClasses) {
                throw new MgdException("sample " + i + " has gt label " + gt[i] + " but the model scores "
                        + numClasses + " classes");
            }
        }
        Object topkOption = metricOptions == null ? null : metricOptions.get("topk");
        int[] topk = topk(topkOption);
        Object thrsOption = metricOptions == null ? null : metricOptions.get("thrs");
        double[] thrs = thrs(thrsOption);
        boolean perThreshold = thrsOption instanceof List<?>;
        String averageMode = metricOptions == null ? "macro" : metricOptions.getString("average_mode", "macro");
        if (!"macro".equals(averageMode) && !"none".equals(averageMode)) {
            throw new ConfigException("metric_options.average_mode must be 'macro' or 'none', got '" + averageMode + "'");
        }
        boolean macro = "macro".equals(averageMode);

        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        if (metrics.contains("accuracy")) {
            double[][] acc = ClsMetrics.topkAccuracy(scores, gt, topk, thrs);
            for (int k = 0; k < topk.length; k++) {
                String key = topkOption instanceof Number ? "accuracy" : "accuracy_top-" + topk[k];
                double[] byThr = acc[k];
                putPerThreshold(out, key, perThreshold, thrs, t -> byThr[t]);
            }
        }
        if (metrics.contains("support")) {
            long[] support = ClsMetrics.support(gt, numClasses);
            out.put("support", macro ? (Object) (double) java.util.Arrays.stream(support).sum()
                    : java.util.Arrays.stream(support).boxed().toList());
        }
        List<String> prf = List.of("precision", "recall", "f1_score");
        if (prf.stream().anyMatch(metrics::contains)) {
            ClsMetrics.PerClass[] byThr = new ClsMetrics.PerClass[thrs.length];
            for (int t = 0; t < thrs.length; t++) {
                byThr[t] = ClsMetrics.precisionRecallF1(scores, gt, numClasses, thrs[t]);
            }
            for (String key : prf) {
                if (!metrics.contains(key)) {
                    continue;
                }
                putPerThreshold(out, key, perThreshold, thrs, t -> {
                    double[] v = switch (key) {
                        case "precision" -> byThr[t].precision();
                        case "recall" -> byThr[t].recall();
                        default -> byThr[t].f1();
                    };
                    return macro ? (Object) ClsMetrics.macro(v) : java.util.Arrays.stream(v).boxed().toList();
                });
            }
        }
        return out;
    }

    /** {@code key} for one threshold, or {@code key_thr_0.50} etc. for a tuple of thresholds. */
    private static void putPerThreshold(Map<String, Object> out, String key, boolean perThreshold, double[] thrs,
            java.util.function.IntFunction<Object> value) {
        if (!perThreshold) {
            out.put(key, value.apply(0));
            return;
        }
        for (int t = 0; t < thrs.length; t++) {
            // Python's f'{thr:.2f}': the exact binary value rounded half-even
            String thr = new java.math.BigDecimal(thrs[t]).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
            out.put(key + "_thr_" + thr, value.apply(t));
        }
    }

    private static int[] topk(Object t) {
        if (t == null) {
            return new int[] {1, 5};
        }
        if (t instanceof Long k) {
            return new int[] {k.intValue()};
        }
        if (t instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Long)) {
            return l.stream().mapToInt(x -> ((Long) x).intValue()).toArray();
        }
        throw new ConfigException("metric_options.topk must be an int or a tuple of ints, got " + ConfigDict.describe(t));
    }

    /** mmcls's default threshold is 0, which drops nothing: softmax scores are positive. */
    private static double[] thrs(Object t) {
        if (t == null) {
            return new double[] {0.0};
        }
        if (t instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (t instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Number)) {
            return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
        throw new ConfigException("metric_options.thrs must be a number or a tuple of numbers, got "
                + ConfigDict.describe(t));
    }

    @Override
    public Object formatResults(Dataset dataset, List<Object> results, LinkedHashMap<String, Object> metrics) {
        // mmcls tools/test.py --out: the metrics plus class_scores, pred_score, pred_label, pred_class.
        List<String> classes = classes(dataset);
        Map<String, Object> out = new LinkedHashMap<>(metrics);
        List<float[]> scores = new ArrayList<>();
        List<Float> predScore = new ArrayList<>();
        List<Integer> predLabel = new ArrayList<>();
        List<String> predClass = new ArrayList<>();
        for (Object r : results) {
            float[] s = (float[]) r;
            int best = 0;
            for (int i = 1; i < s.length; i++) {
                if (s[i] > s[best]) {
                    best = i;
                }
            }
            scores.add(s);
            predScore.add(s[best]);
            predLabel.add(best);
            predClass.add(classes != null && best < classes.size() ? classes.get(best) : Integer.toString(best));
        }
        out.put("class_scores", scores);
        out.put("pred_score", predScore);
        out.put("pred_label", predLabel);
        out.put("pred_class", predClass);
        return out;
    }
}
