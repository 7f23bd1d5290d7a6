package io.mgd.seg.apis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.mgd.core.apis.Task;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Batch;
import io.mgd.core.data.DataLoader;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.engine.onnx.OnnxModel;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.runner.Progress;
import io.mgd.core.util.MgdException;
import io.mgd.seg.core.evaluation.AreaStats;
import io.mgd.seg.core.evaluation.IntersectAndUnion;
import io.mgd.seg.core.evaluation.SegEvalReport;
import io.mgd.seg.core.evaluation.SegMetrics;
import io.mgd.seg.datasets.CustomDataset;
import io.mgd.seg.datasets.SegDataModule;
import io.mgd.seg.models.segmentors.EncoderDecoder;
import io.mgd.seg.models.segmentors.ImgMeta;
import io.mgd.seg.models.segmentors.TestCfg;
import io.mgd.seg.models.decode_heads.BaseDecodeHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segmentation as MMSegmentation's tools see it: mmseg datasets, {@code single_gpu_test} with
 * {@code pre_eval} and {@code CustomDataset.evaluate}'s mIoU/mDice/mFscore.
 *
 * <p>When the loader reads a {@link CustomDataset} in order (the test and validation loaders),
 * each prediction is reduced at once to its {@link AreaStats} against the image's ground truth
 * (mmseg {@code pre_eval=True}), so a test set never stays in memory; otherwise the label maps
 * themselves are returned ({@link LabelMap}) and compared in {@link #evaluate}.
 */
public final class SegTask implements Task {
    private static final Set<String> TYPES = Set.of("EncoderDecoder", "SegmentationDistiller");

    @Override
    public String name() {
        return "seg";
    }

    @Override
    public String loggerName() {
        return "mmseg";
    }

    @Override
    public boolean owns(String type) {
        return TYPES.contains(type);
    }

    @Override
    public Dataset buildDataset(ConfigDict cfg, BuildContext ctx) {
        // mmseg's own dataset registry: CustomDataset means something else in mmcls
        Object ds = ctx.build(SegDataModule.DATASETS, cfg);
        if (!(ds instanceof CustomDataset d)) {
            throw new ConfigException("dataset type '" + cfg.get("type") + "' is not a segmentation dataset "
                    + "(CustomDataset, CityscapesDataset)");
        }
        return d;
    }

    @Override
    public List<String> classes(Dataset dataset) {
        return dataset instanceof CustomDataset c ? c.classes() : null;
    }

    @Override
    public List<Object> predict(Module model, DataLoader loader, NDManager manager) {
        return predict(model, loader, manager, null);
    }

    /**
     * With {@code showDir}, each prediction is also drawn as mmseg's {@code single_gpu_test(...,
     * out_dir)} does ({@link SegShow}, opacity 0.5, the dataset's {@code PALETTE}) to
     * {@code showDir/<the image's file name relative to img_dir>}. mmseg paints the de-normalised
     * input tensor; this reads the image file itself, which is the same picture for the
     * Fashion-MNIST configs (no resize at test time) without the de-normalisation's rounding.
     */
    @Override
    public List<Object> predict(Module model, DataLoader loader, NDManager manager, Path showDir) {
        if (!(model instanceof EncoderDecoder segmentor)) {
            throw new MgdException("segmentation test needs an EncoderDecoder, got " + model.getClass().getSimpleName());
        }
        return run(loader, manager, (img, metas) -> segmentor.inference(img, metas, true), showDir);
    }

    /**
     * The test loop on ONNX Runtime: the exported segmentor's logits at the input size ({@code
     * output}), then what {@link EncoderDecoder#inference} does after its logits (resize to
     * {@code ori_shape} with the decode head's {@code align_corners}, softmax, flip back), the
     * argmax and the same pre-eval; only whole-image {@code test_cfg} (a slide window would need
     * the graph per window).
     */
    @Override
    public List<Object> predictOnnx(OnnxModel model, ConfigDict modelCfg, DataLoader loader, BuildContext ctx) {
        TestCfg testCfg = TestCfg.of(modelCfg.getDict("test_cfg"));
        if (!"whole".equals(testCfg.mode())) {
            throw new ConfigException("testing an ONNX segmentor needs model.test_cfg.mode 'whole', got '"
                    + testCfg.mode() + "'");
        }
        boolean alignCorners = decodeHead(modelCfg, ctx).alignCorners();
        String output = model.outputNames().get(0);
        return run(loader, ctx.manager(), (img, metas) -> EncoderDecoder.probabilities(
                model.runBatched(img, List.of(output), img.getManager()).get(output), metas, true, alignCorners), null);
    }

    /** The config's decode head, built only for its settings ({@code align_corners}). */
    private static BaseDecodeHead decodeHead(ConfigDict modelCfg, BuildContext ctx) {
        ConfigDict cfg = modelCfg.getDict("decode_head");
        if (cfg == null) {
            throw new ConfigException("model.decode_head is missing: the segmentor's settings come from it");
        }
        try (NDManager scratch = ctx.manager().newSubManager()) {
            Module head = new BuildContext(ctx.registries(), scratch).build(Registries.HEADS, cfg);
            if (!(head instanceof BaseDecodeHead h)) {
                throw new ConfigException("model.decode_head type " + cfg.get("type") + " is not a decode head");
            }
            return h;
        }
    }

    private List<Object> run(DataLoader loader, NDManager manager,
            BiFunction<NDArray, List<ImgMeta>, NDArray> inference, Path showDir) {
        // pre_eval needs dataset order: true of the unshuffled test/val SampleLoader
        CustomDataset preEval = loader instanceof SampleLoader sl && sl.dataset() instanceof CustomDataset cd
                && isIdentity(sl.order(0)) ? cd : null;
        if (showDir != null && preEval == null) {
            throw new MgdException("--show-dir needs the unshuffled test loader of a segmentation dataset");
        }
        List<Object> out = new ArrayList<>(loader.datasetSize());
        try (NDManager scratch = manager.newSubManager();
                Progress progress = Progress.start("test", loader.datasetSize(), null)) {
            loader.setEpoch(0);
            Iterator<Batch> it = loader.iterator(scratch);
            while (it.hasNext()) {
                try (Batch b = it.next(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    List<NDArray> preds = test(b, inference);
                    for (NDArray p : preds) {
                        LabelMap map = LabelMap.of(p);
                        if (showDir != null) {
                            show(preEval, out.size(), map, showDir);
                        }
                        if (preEval != null) {
                            out.add(preEval(preEval, out.size(), map));
                        } else {
                            out.add(map);
                        }
                    }
                    progress.step(preds.size());
                }
            }
        }
        return out;
    }

    private static void show(CustomDataset ds, int index, LabelMap map, Path showDir) {
        String name = (String) ds.imgInfo(index).get("filename");
        SegShow.write(Path.of(ds.imgDir()).resolve(name), map, ds.palette(), showDir.resolve(name));
    }

    private static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** simple_test for one augmentation, aug_test for several (MultiScaleFlipAug batches). */
    private static List<NDArray> test(Batch b, BiFunction<NDArray, List<ImgMeta>, NDArray> inference) {
        Object img = b.get("img");
        List<Object> metas = b.has("img_metas") ? b.getList("img_metas") : null;
        if (metas == null) {
            throw new MgdException("segmentation test batches need 'img_metas' (add it to the Collect meta_keys)");
        }
        if (img instanceof NDArray a) {
            return EncoderDecoder.labelMaps(inference.apply(a, metaList(metas)));
        }
        if (img instanceof NDList views) {
            if (views.size() == 1) {
                return EncoderDecoder.labelMaps(inference.apply(views.get(0), metaList((List<?>) metas.get(0))));
            }
            List<List<ImgMeta>> perView = new ArrayList<>();
            for (Object m : metas) {
                perView.add(metaList((List<?>) m));
            }
            return EncoderDecoder.augTest(new ArrayList<>(views), perView, inference);
        }
        throw new MgdException("segmentation test batch 'img' must be an array or one array per augmentation, got "
                + (img == null ? "nothing" : img.getClass().getSimpleName()));
    }

    @SuppressWarnings("unchecked")
    private static List<ImgMeta> metaList(List<?> metas) {
        List<ImgMeta> out = new ArrayList<>();
        for (Object m : metas) {
            if (!(m instanceof Map<?, ?> map)) {
                throw new MgdException("img_metas entries must be dicts, got " + m);
            }
            out.add(ImgMeta.from((Map<String, ?>) map));
        }
        return out;
    }

    private static AreaStats preEval(CustomDataset ds, int index, LabelMap pred) {
        byte[] gt = ds.getGtSegMap(index).uint8Data();
        return IntersectAndUnion.compute(pred.labelsAsLong(), unsigned(gt), numClasses(ds), ds.ignoreIndex(),
                ds.labelMap(), ds.reduceZeroLabel());
    }

    private static long[] unsigned(byte[] b) {
        long[] out = new long[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }

    private static int numClasses(CustomDataset ds) {
        if (ds.classes() == null) {
            throw new MgdException("segmentation evaluation needs the dataset's CLASSES");
        }
        return ds.classes().size();
    }

    @Override
    public LinkedHashMap<String, Object> evaluate(Dataset dataset, List<Object> results, List<String> metrics,
            ConfigDict metricOptions) {
        if (!(dataset instanceof CustomDataset ds)) {
            throw new MgdException("segmentation evaluation needs an mmseg dataset with gt maps");
        }
        try {
            SegMetrics.checkMetrics(metrics);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        if (results.size() != ds.size()) {
            throw new MgdException("dataset has " + ds.size() + " samples but " + results.size() + " results");
        }
        List<AreaStats> stats = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Object r = results.get(i);
            stats.add(r instanceof AreaStats a ? a : preEval(ds, i, (LabelMap) r));
        }
        Double nanToNum = metricOptions != null && metricOptions.get("nan_to_num") instanceof Number n
                ? n.doubleValue() : null;
        double beta = metricOptions != null && metricOptions.get("beta") instanceof Number n ? n.doubleValue() : 1.0;
        SegEvalReport report = SegEvalReport.of(SegMetrics.preEvalToMetrics(stats, metrics, nanToNum, beta),
                ds.classes());
        Logger log = LoggerFactory.getLogger(loggerName());
        report.logMessages().forEach(log::info);
        return new LinkedHashMap<>(report.evalResults());
    }

    @Override
    public Object formatResults(Dataset dataset, List<Object> results, LinkedHashMap<String, Object> metrics) {
        // mmseg tools/test.py --out dumps the test loop's results: pre-eval area stats (4 arrays
        // per image) or label maps; the metrics come first here so one file says everything.
        Map<String, Object> out = new LinkedHashMap<>(metrics);
        List<Object> rows = new ArrayList<>();
        for (Object r : results) {
            if (r instanceof AreaStats a) {
                rows.add(List.of(a.intersect(), a.union(), a.predLabel(), a.label()));
            } else {
                LabelMap m = (LabelMap) r;
                rows.add(Map.of("shape", List.of(m.height(), m.width()), "labels", m.rows()));
            }
        }
        out.put("results", rows);
        return out;
    }

    /** A predicted label map kept compactly (one byte per pixel, labels 0‥255). */
    public record LabelMap(int height, int width, byte[] labels) {
        static LabelMap of(NDArray pred) {
            long[] shape = pred.getShape().getShape();
            if (shape.length != 2) {
                throw new MgdException("a predicted label map must be H×W, got " + pred.getShape());
            }
            byte[] b = pred.toType(DataType.UINT8, false).toByteArray();
            return new LabelMap((int) shape[0], (int) shape[1], b);
        }

        /** The labels as longs, row-major. */
        public long[] labelsAsLong() {
            return unsigned(labels);
        }

        /** The labels as rows of ints, for JSON. */
        public List<int[]> rows() {
            List<int[]> out = new ArrayList<>(height);
            for (int y = 0; y < height; y++) {
                int[] row = new int[width];
                for (int x = 0; x < width; x++) {
                    row[x] = labels[y * width + x] & 0xff;
                }
                out.add(row);
            }
            return out;
        }
    }
}
