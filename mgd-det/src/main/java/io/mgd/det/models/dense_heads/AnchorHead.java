package io.mgd.det.models.dense_heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.det.core.ImgMeta;
import io.mgd.det.core.anchor.AnchorGenerator;
import io.mgd.det.core.bbox.assigners.BboxAssigner;
import io.mgd.det.core.bbox.coder.BboxCoder;
import io.mgd.det.core.bbox.samplers.BboxSampler;
import io.mgd.det.core.post_processing.Detections;
import io.mgd.det.models.losses.WeightedLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of mmdet's anchor-based dense heads ({@code AnchorHead} + {@code BaseDenseHead}): the
 * anchor generator, box coder, losses, and with a {@code train_cfg} the assigner and sampler
 * ({@code PseudoSampler} when none is configured, or when the classification loss is a focal
 * loss, as mmdet does). Subclasses build the layers and implement {@link #forwardSingle}.
 *
 * <p>{@link #forward(NDList)} takes the L feature levels and returns 2L arrays: the L class
 * score maps (N×A·C×H×W) followed by the L box maps (N×A·4×H×W); {@link #clsScores} and
 * {@link #bboxPreds} split them.
 */
public abstract class AnchorHead extends Module implements OnnxExportable {
    protected final Settings s;
    protected final AnchorGenerator priorGenerator;
    protected final BboxCoder bboxCoder;
    protected final WeightedLoss lossCls;
    protected final WeightedLoss lossBbox;
    protected final boolean useSigmoidCls;
    protected final int clsOutChannels;
    private final BboxAssigner assigner;
    private final BboxSampler sampler;
    private final boolean sampling;

    /** The arguments every anchor head shares (mmdet {@code AnchorHead.__init__}). */
    public record Settings(int numClasses, int inChannels, int featChannels, ConfigDict anchorGenerator,
            ConfigDict bboxCoder, boolean regDecodedBbox, ConfigDict lossCls, ConfigDict lossBbox,
            ConfigDict trainCfg, ConfigDict testCfg) {}

    protected AnchorHead(NDManager manager, BuildContext ctx, Settings s) {
        super(manager);
        this.s = s;
        this.useSigmoidCls = Boolean.TRUE.equals(s.lossCls().get("use_sigmoid"));
        this.clsOutChannels = useSigmoidCls ? s.numClasses() : s.numClasses() + 1;
        if (clsOutChannels <= 0) {
            throw new ConfigException("num_classes=" + s.numClasses() + " is too small");
        }
        this.bboxCoder = (BboxCoder) ctx.build(Registries.BBOX_CODERS, s.bboxCoder());
        this.lossCls = registerModule("loss_cls", asLoss(ctx.build(Registries.LOSSES, s.lossCls()), "loss_cls"));
        this.lossBbox = registerModule("loss_bbox", asLoss(ctx.build(Registries.LOSSES, s.lossBbox()), "loss_bbox"));
        if (s.trainCfg() != null && !s.trainCfg().isEmpty()) {
            this.assigner = (BboxAssigner) ctx.build(Registries.ASSIGNERS, s.trainCfg().getDict("assigner"));
            ConfigDict samplerCfg = s.trainCfg().getDict("sampler");
            boolean pseudo = samplerCfg == null || "PseudoSampler".equals(samplerCfg.get("type"))
                    || List.of("FocalLoss", "GHMC", "QualityFocalLoss").contains(s.lossCls().get("type"));
            this.sampling = !pseudo;
            this.sampler = (BboxSampler) ctx.build(Registries.SAMPLERS,
                    pseudo ? ConfigDict.of("type", "PseudoSampler") : samplerCfg);
        } else {
            this.assigner = null;
            this.sampler = null;
            this.sampling = false;
        }
        this.priorGenerator = (AnchorGenerator) ctx.build(Registries.ANCHOR_GENERATORS, s.anchorGenerator());
    }

    private static WeightedLoss asLoss(Module m, String key) {
        if (!(m instanceof WeightedLoss w)) {
            throw new ConfigException(key + ": " + m.getClass().getSimpleName()
                    + " cannot be used by an anchor head (it needs an mmdet-style weighted loss)");
        }
        return w;
    }

    /** Anchors per location (the same on every level). */
    public int numBasePriors() {
        return priorGenerator.numBasePriors()[0];
    }

    public AnchorGenerator priorGenerator() {
        return priorGenerator;
    }

    public BboxCoder bboxCoder() {
        return bboxCoder;
    }

    /** One level: (class scores, box deltas). */
    protected abstract NDList forwardSingle(NDArray x);

    @Override
    protected NDList forwardInternal(NDList feats) {
        NDList cls = new NDList();
        NDList reg = new NDList();
        for (NDArray x : feats) {
            NDList out = forwardSingle(x);
            cls.add(out.get(0));
            reg.add(out.get(1));
        }
        cls.addAll(reg);
        return cls;
    }

    /** The ONNX form of {@link #forward}: the L class score maps, then the L box maps. */
    @Override
    public final List<String> exportOnnx(OnnxGraph g, List<String> feats) {
        List<String> cls = new ArrayList<>();
        List<String> reg = new ArrayList<>();
        for (String x : feats) {
            List<String> out = exportSingle(g, x);
            cls.add(out.get(0));
            reg.add(out.get(1));
        }
        cls.addAll(reg);
        return cls;
    }

    /** The ONNX form of {@link #forwardSingle}: (class scores, box deltas) of one level. */
    protected abstract List<String> exportSingle(OnnxGraph g, String x);

    /** The class score maps of a {@link #forward} result. */
    public static NDList clsScores(NDList headOut) {
        return new NDList(headOut.subList(0, headOut.size() / 2));
    }

    /** The box delta maps of a {@link #forward} result. */
    public static NDList bboxPreds(NDList headOut) {
        return new NDList(headOut.subList(headOut.size() / 2, headOut.size()));
    }

    static int[][] featmapSizes(NDList maps) {
        int[][] out = new int[maps.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new int[] {(int) maps.get(i).getShape().get(2), (int) maps.get(i).getShape().get(3)};
        }
        return out;
    }

    /**
     * mmdet {@code AnchorHead.loss}: focal/CE classification and box regression per level, both
     * averaged by the number of positives (plus negatives when sampling), summed over images with
     * a floor of 1 per image.
     *
     * @param gtBboxes per image, K×4 (x1, y1, x2, y2)
     * @param gtLabels per image, K labels in [0, num_classes)
     * @param gtBboxesIgnore per image boxes to ignore, or null
     * @return {@code loss_cls} and {@code loss_bbox}, each the list of per-level scalars (the
     *     runner logs and optimises their sums), or null when no anchor lies inside an image
     */
    public Map<String, NDList> loss(NDList clsScores, NDList bboxPreds, List<NDArray> gtBboxes,
            List<NDArray> gtLabels, List<ImgMeta> imgMetas, List<NDArray> gtBboxesIgnore) {
        if (assigner == null) {
            throw new ConfigException(getClass().getSimpleName() + ".loss needs a train_cfg with an assigner");
        }
        int[][] sizes = featmapSizes(clsScores);
        if (sizes.length != priorGenerator.numLevels()) {
            throw new IllegalArgumentException("got " + sizes.length + " feature levels, the anchor generator has "
                    + priorGenerator.numLevels());
        }
        NDManager m = clsScores.head().getManager();
        List<NDArray> levelAnchors = priorGenerator.gridPriors(m, sizes);
        NDArray anchors = NDArrays.concat(new NDList(levelAnchors), 0);
        float[] anchorData = anchors.toFloatArray();
        List<boolean[]> valid = new ArrayList<>();
        for (ImgMeta meta : imgMetas) {
            valid.add(concat(priorGenerator.validFlags(sizes, meta.padShape())));
        }
        AnchorTargets t = AnchorTargets.compute(anchors, anchorData, valid, gtBboxes, gtBboxesIgnore, gtLabels,
                imgMetas, s, assigner, sampler, sampling, bboxCoder);
        if (t == null) {
            return null;
        }
        double avg = sampling ? t.numTotalPos + t.numTotalNeg : t.numTotalPos;
        NDList lossesCls = new NDList();
        NDList lossesBbox = new NDList();
        int start = 0;
        for (int l = 0; l < sizes.length; l++) {
            int count = (int) levelAnchors.get(l).getShape().get(0);
            NDArray labels = t.levelLabels(m, start, count);
            NDArray labelWeights = t.levelFloats(m, t.labelWeights, 1, start, count);
            NDArray targets = t.levelFloats(m, t.bboxTargets, 4, start, count);
            NDArray weights = t.levelFloats(m, t.bboxWeights, 4, start, count);
            NDArray cls = clsScores.get(l).transpose(0, 2, 3, 1).reshape(-1, clsOutChannels);
            lossesCls.add(lossCls.forward(cls, labels, labelWeights, avg));
            NDArray reg = bboxPreds.get(l).transpose(0, 2, 3, 1).reshape(-1, 4);
            if (s.regDecodedBbox()) {
                NDList copies = new NDList();
                for (int i = 0; i < t.numImgs; i++) {
                    copies.add(levelAnchors.get(l));
                }
                NDArray levelRep = NDArrays.concat(copies, 0);
                reg = bboxCoder.decode(levelRep, reg, null);
            }
            lossesBbox.add(lossBbox.forward(reg, targets, weights, avg));
            start += count;
        }
        Map<String, NDList> out = new LinkedHashMap<>();
        out.put("loss_cls", lossesCls);
        out.put("loss_bbox", lossesBbox);
        return out;
    }

    private static boolean[] concat(List<boolean[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        boolean[] out = new boolean[n];
        int k = 0;
        for (boolean[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    /**
     * mmdet {@code get_bboxes} with NMS: per image and level, scores above {@code score_thr},
     * the top {@code nms_pre} (box, class) pairs decoded and clipped to {@code img_shape}; then
     * the levels concatenated, divided by {@code scale_factor} when {@code rescale}, class-wise
     * NMS ({@code nms}) and the first {@code max_per_img}.
     *
     * @param cfg a test cfg, or null for this head's {@code test_cfg}
     */
    public List<Detections> getBboxes(NDList clsScores, NDList bboxPreds, List<ImgMeta> imgMetas, ConfigDict cfg,
            boolean rescale) {
        ConfigDict c = cfg != null ? cfg : s.testCfg();
        if (c == null) {
            throw new ConfigException(getClass().getSimpleName() + ".get_bboxes needs a test_cfg");
        }
        return BboxPostProcess.run(this, clsScores, bboxPreds, imgMetas, c, rescale);
    }

    int clsOutChannels() {
        return clsOutChannels;
    }

    boolean useSigmoidCls() {
        return useSigmoidCls;
    }

    /** Number of object classes (without background). */
    public int numClasses() {
        return s.numClasses();
    }

    static float[] floats(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }
}
