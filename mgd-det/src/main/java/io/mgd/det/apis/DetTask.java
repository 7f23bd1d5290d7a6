package io.mgd.det.apis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.mgd.core.apis.Task;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Batch;
import io.mgd.core.data.Collate;
import io.mgd.core.data.DataLoader;
import io.mgd.core.data.Dataset;
import io.mgd.core.engine.onnx.OnnxModel;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.runner.Progress;
import io.mgd.core.util.MgdException;
import io.mgd.det.core.ImgMeta;
import io.mgd.det.core.evaluation.CocoEvalBboxEvaluator;
import io.mgd.det.datasets.CocoDataset;
import io.mgd.det.datasets.CocoResults;
import io.mgd.det.datasets.DetCollate;
import io.mgd.det.datasets.DetDataModule;
import io.mgd.det.models.dense_heads.AnchorHead;
import io.mgd.det.models.detectors.SingleStageDetector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Detection as MMDetection's tools see it: {@code det_datasets} (CocoDataset), batches padded by
 * {@link DetCollate}, the single-GPU test loop ({@code simple_test} with {@code rescale=True}:
 * per image, per class {@code (k, 5)} boxes in original-image coordinates) and
 * {@code CocoDataset.evaluate('bbox')} on {@link CocoEvalBboxEvaluator}.
 */
public final class DetTask implements Task {
    private static final Set<String> TYPES = Set.of("RetinaNet", "DetectionDistiller");

    @Override
    public String name() {
        return "det";
    }

    @Override
    public String loggerName() {
        return "mmdet";
    }

    @Override
    public boolean owns(String type) {
        return TYPES.contains(type);
    }

    @Override
    public Collate collate() {
        return new DetCollate();
    }

    @Override
    public Dataset buildDataset(ConfigDict cfg, BuildContext ctx) {
        Object ds = ctx.build(DetDataModule.DATASETS, cfg);
        if (!(ds instanceof Dataset d)) {
            throw new ConfigException("dataset type '" + cfg.get("type") + "' is not a detection dataset");
        }
        return d;
    }

    @Override
    public List<String> classes(Dataset dataset) {
        return dataset instanceof CocoDataset c ? c.classes() : null;
    }

    @Override
    public List<Object> predict(Module model, DataLoader loader, NDManager manager) {
        if (!(model instanceof SingleStageDetector detector)) {
            throw new MgdException("detection test needs a single-stage detector (RetinaNet), got "
                    + model.getClass().getSimpleName());
        }
        return run(loader, manager, (img, metas) -> detector.simpleTest(img, metas, true));
    }

    /**
     * The test loop on ONNX Runtime: the exported detector's raw per-level outputs ({@code
     * cls_score_i}, {@code bbox_pred_i}) go through the same Java decoding and NMS as {@link
     * #predict} ({@link AnchorHead#getBboxes} with {@code rescale=True}), on a {@code bbox_head}
     * built from the config for its anchors, box coder and {@code test_cfg}.
     */
    @Override
    public List<Object> predictOnnx(OnnxModel model, ConfigDict modelCfg, DataLoader loader, BuildContext ctx) {
        ConfigDict headCfg = modelCfg.getDict("bbox_head");
        if (headCfg == null) {
            throw new ConfigException("model.bbox_head is missing: the decoding of the detector's outputs comes from it");
        }
        AnchorHead head = SingleStageDetector.buildHead(ctx, headCfg, null, modelCfg.getDict("test_cfg"),
                "detectors." + modelCfg.get("type"));
        int levels = head.priorGenerator().numLevels();
        List<String> names = SingleStageDetector.headOutputNames(levels);
        if (!model.outputNames().containsAll(names)) {
            throw new MgdException("ONNX model '" + model.path() + "' has outputs " + model.outputNames()
                    + " but the detector of the config needs the raw head outputs " + names
                    + " (export it with tools/deployment/pytorch2onnx)");
        }
        return run(loader, ctx.manager(), (img, metas) -> {
            Map<String, NDArray> out = model.runBatched(img, names, img.getManager());
            NDList cls = new NDList();
            NDList reg = new NDList();
            for (int l = 0; l < levels; l++) {
                cls.add(out.get(names.get(l)));
                reg.add(out.get(names.get(levels + l)));
            }
            List<ImgMeta> imgMetas = SingleStageDetector.imgMetas(metas, img, "tools/test (ONNX Runtime)");
            return SingleStageDetector.bbox2result(head.getBboxes(cls, reg, imgMetas, null, true), head.numClasses());
        });
    }

    private static List<Object> run(DataLoader loader, NDManager manager,
            BiFunction<NDArray, List<?>, List<List<float[][]>>> simpleTest) {
        List<Object> out = new ArrayList<>(loader.datasetSize());
        try (NDManager scratch = manager.newSubManager();
                Progress progress = Progress.start("test", loader.datasetSize(), null)) {
            loader.setEpoch(0);
            Iterator<Batch> it = loader.iterator(scratch);
            while (it.hasNext()) {
                try (Batch b = it.next(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray img = singleAug(b.get("img"), "img", NDArray.class);
                    List<?> metas = singleAug(b.get("img_metas"), "img_metas", List.class);
                    if (metas.size() == 1 && metas.get(0) instanceof List<?> inner
                            && b.get("img") instanceof List<?>) {
                        metas = inner; // MultiScaleFlipAug: [augs][images] → the one aug's images
                    }
                    List<List<float[][]>> dets = simpleTest.apply(img, metas);
                    out.addAll(dets);
                    progress.step(dets.size());
                }
            }
        }
        return out;
    }

    /** The single test-time augmentation of a field (mmdet {@code simple_test}); more is not supported. */
    private static <T> T singleAug(Object v, String key, Class<T> type) {
        if (type.isInstance(v) && !(v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof NDArray)) {
            return type.cast(v);
        }
        if (v instanceof List<?> l && l.size() == 1 && type.isInstance(l.get(0))) {
            return type.cast(l.get(0));
        }
        if (v instanceof List<?> l && l.size() > 1 && "img".equals(key)) {
            throw new MgdException("test-time augmentation with " + l.size() + " scales/flips (aug_test) is not "
                    + "supported; use one img_scale and flip=False in MultiScaleFlipAug");
        }
        throw new MgdException("test batch field '" + key + "' has an unexpected form: "
                + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    @Override
    public LinkedHashMap<String, Object> evaluate(Dataset dataset, List<Object> results, List<String> metrics,
            ConfigDict metricOptions) {
        CocoDataset coco = requireCoco(dataset);
        return new LinkedHashMap<>(coco.evaluate(detections(results), metrics, new CocoEvalBboxEvaluator(),
                evalOptions(metricOptions)));
    }

    /** mmdet {@code evaluate}'s keyword arguments from {@code evaluation}/{@code --eval-options}. */
    static CocoResults.EvalOptions evalOptions(ConfigDict o) {
        CocoResults.EvalOptions d = CocoResults.defaults();
        if (o == null) {
            return d;
        }
        for (String k : o.keySet()) {
            if (!Set.of("proposal_nums", "iou_thrs", "metric_items", "classwise").contains(k)) {
                throw new ConfigException("evaluation option '" + k + "' is not supported; supported: "
                        + "proposal_nums, iou_thrs, metric_items, classwise");
            }
        }
        if (Boolean.TRUE.equals(o.get("classwise"))) {
            throw new ConfigException("evaluation option classwise=True is not supported yet");
        }
        List<Integer> proposal = o.get("proposal_nums") instanceof List<?> l
                ? l.stream().map(x -> ((Number) x).intValue()).toList() : d.proposalNums();
        double[] iou = o.get("iou_thrs") instanceof List<?> l
                ? l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray()
                : o.get("iou_thrs") instanceof Number n ? new double[] {n.doubleValue()} : null;
        List<String> items = o.get("metric_items") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : o.get("metric_items") instanceof String s ? List.of(s) : null;
        return new CocoResults.EvalOptions(proposal, iou, items);
    }

    /** COCO results ({@code results2json}): what mmdet's {@code format_only} writes. */
    @Override
    public Object formatResults(Dataset dataset, List<Object> results, LinkedHashMap<String, Object> metrics) {
        return requireCoco(dataset).results2json(detections(results));
    }

    @SuppressWarnings("unchecked")
    static List<List<float[][]>> detections(List<Object> results) {
        List<List<float[][]>> out = new ArrayList<>(results.size());
        for (Object r : results) {
            if (!(r instanceof List<?>)) {
                throw new MgdException("a detection result must be a per-class list of (k, 5) boxes, got "
                        + (r == null ? "null" : r.getClass().getSimpleName()));
            }
            out.add((List<float[][]>) r);
        }
        return out;
    }

    private static CocoDataset requireCoco(Dataset dataset) {
        if (!(dataset instanceof CocoDataset c)) {
            throw new MgdException("detection evaluation needs a CocoDataset, got " + dataset.getClass().getSimpleName());
        }
        return c;
    }
}
