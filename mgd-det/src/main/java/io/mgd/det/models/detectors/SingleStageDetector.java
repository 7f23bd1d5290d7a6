package io.mgd.det.models.detectors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.models.TaskModel;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.init.InitCfg;
import io.mgd.core.nn.init.InitWeights;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import io.mgd.det.core.ImgMeta;
import io.mgd.det.core.post_processing.Detections;
import io.mgd.det.models.dense_heads.AnchorHead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmdet 2.19 {@code SingleStageDetector}: children {@code backbone}, optional {@code neck} and
 * {@code bbox_head} (keys {@code backbone.*}, {@code neck.*}, {@code bbox_head.*}).
 * {@code train_cfg}/{@code test_cfg} are passed into the head, and the deprecated
 * {@code pretrained} becomes the backbone's {@code pretrained}, as mmdet does.
 */
public class SingleStageDetector extends Module implements TaskModel, InitWeights, OnnxExportable {
    /**
     * Config arguments, mmdet names.
     *
     * @param pretrained deprecated alias of the backbone's {@code init_cfg=Pretrained}
     * @param initCfg the detector-level init_cfg ({@code Pretrained} loads the whole detector)
     */
    public record Options(ConfigDict backbone, @io.mgd.core.registry.Default("null") ConfigDict neck,
            ConfigDict bboxHead, @io.mgd.core.registry.Default("null") ConfigDict trainCfg,
            @io.mgd.core.registry.Default("null") ConfigDict testCfg,
            @io.mgd.core.registry.Default("null") String pretrained,
            @io.mgd.core.registry.Default("null") Object initCfg) {}

    private final Module backbone;
    private final Module neck;
    private final AnchorHead bboxHead;
    private final Object initCfg;
    private final String type;

    protected SingleStageDetector(BuildContext ctx, Options o, String type) {
        super(ctx.manager());
        this.type = type;
        this.initCfg = o.initCfg();
        if (o.bboxHead() == null) {
            throw new ConfigException("detectors." + type + ": bbox_head is required");
        }
        ConfigDict backboneCfg = o.backbone().deepCopy();
        if (o.pretrained() != null) {
            backboneCfg.put("pretrained", o.pretrained());
        }
        this.backbone = registerModule("backbone", ctx.build(Registries.BACKBONES, backboneCfg));
        this.neck = o.neck() == null ? null : registerModule("neck", ctx.build(Registries.NECKS, o.neck()));
        AnchorHead ah = buildHead(ctx, o.bboxHead(), o.trainCfg(), o.testCfg(), "detectors." + type);
        this.bboxHead = registerModule("bbox_head", ah);
        if (initCfg != null && !InitCfg.isPretrained(initCfg)) {
            InitCfg.apply(this, initCfg, "detectors." + type);
        }
    }

    /**
     * Builds the {@code bbox_head} as the detector does: with the detector's {@code train_cfg}
     * and {@code test_cfg} passed in (also used alone, for the decoding of an exported model's
     * raw outputs).
     *
     * @param owner names the detector in errors, e.g. {@code detectors.RetinaNet}
     */
    public static AnchorHead buildHead(BuildContext ctx, ConfigDict bboxHead, ConfigDict trainCfg, ConfigDict testCfg,
            String owner) {
        ConfigDict headCfg = bboxHead.deepCopy();
        headCfg.put("train_cfg", trainCfg == null ? null : trainCfg.deepCopy());
        headCfg.put("test_cfg", testCfg == null ? null : testCfg.deepCopy());
        Module head = ctx.build(Registries.HEADS, headCfg);
        if (!(head instanceof AnchorHead ah)) {
            throw new ConfigException(owner + ": bbox_head type " + headCfg.get("type") + " is not an anchor head");
        }
        return ah;
    }

    /** mmdet {@code extract_feat}: backbone outputs through the neck. */
    @Override
    public NDList extractFeat(NDList inputs) {
        NDList x = backbone.forward(new NDList(inputs.head()));
        return neck == null ? x : neck.forward(x);
    }

    /**
     * mmdet {@code forward_train}: {@code loss_cls} and {@code loss_bbox}, each the sum over FPN
     * levels (what mmdet's {@code _parse_losses} logs).
     *
     * @param targets {@code gt_bboxes} and {@code gt_labels} (per image, an NDList or a list of
     *     arrays), {@code img_metas} (per-image maps with {@code img_shape}, {@code pad_shape}),
     *     optional {@code gt_bboxes_ignore}
     */
    @Override
    public Map<String, NDArray> forwardTrain(NDList inputs, Map<String, Object> targets) {
        List<NDArray> gtBboxes = arrays(targets, "gt_bboxes", true);
        List<NDArray> gtLabels = arrays(targets, "gt_labels", true);
        List<NDArray> ignore = arrays(targets, "gt_bboxes_ignore", false);
        List<ImgMeta> metas = metas(targets.get("img_metas"), inputs.head());
        NDList feats = extractFeat(inputs);
        NDList out = bboxHead.forward(feats);
        Map<String, NDList> losses = bboxHead.loss(AnchorHead.clsScores(out), AnchorHead.bboxPreds(out), gtBboxes,
                gtLabels, metas, ignore);
        if (losses == null) {
            throw new MgdException("detectors." + type + ": no anchor lies inside any image of the batch");
        }
        Map<String, NDArray> result = new LinkedHashMap<>();
        losses.forEach((k, levels) -> {
            NDArray sum = levels.get(0);
            for (int i = 1; i < levels.size(); i++) {
                sum = sum.add(levels.get(i));
            }
            result.put(k, sum);
        });
        return result;
    }

    /**
     * mmdet {@code simple_test}: per image, per class the {@code (k, 5)} rows {@code [x1, y1, x2,
     * y2, score]} ({@code bbox2result}).
     *
     * @param rescale boxes in the original image's coordinates (divided by {@code scale_factor})
     */
    public List<List<float[][]>> simpleTest(NDArray img, List<?> imgMetas, boolean rescale) {
        return bbox2result(detect(img, imgMetas, rescale), numClasses());
    }

    /** mmdet {@code bbox2result} per image: per class the {@code (k, 5)} rows. */
    public static List<List<float[][]>> bbox2result(List<Detections> dets, int numClasses) {
        List<List<float[][]>> out = new ArrayList<>();
        for (Detections d : dets) {
            out.add(d.perClass(numClasses));
        }
        return out;
    }

    /** The head's detections per image (before {@code bbox2result}). */
    public List<Detections> detect(NDArray img, List<?> imgMetas, boolean rescale) {
        List<ImgMeta> metas = metas(imgMetas, img);
        NDList out = bboxHead.forward(extractFeat(new NDList(img)));
        return bboxHead.getBboxes(AnchorHead.clsScores(out), AnchorHead.bboxPreds(out), metas, null, rescale);
    }

    /** Number of object classes of the head. */
    public int numClasses() {
        return bboxHead.numClasses();
    }

    /** Inference: the head's raw outputs (class maps then box maps per level). */
    @Override
    protected NDList forwardInternal(NDList inputs) {
        return bboxHead.forward(extractFeat(inputs));
    }

    /**
     * The ONNX form of {@link #forward}: backbone, neck and head, giving the raw per-level head
     * outputs; anchors, decoding and NMS stay in Java ({@link AnchorHead#getBboxes}).
     */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        List<String> feats = g.call(backbone, List.of(inputs.get(0)));
        if (neck != null) {
            feats = g.call(neck, feats);
        }
        return g.call(bboxHead, feats);
    }

    /** {@code cls_score_0} … {@code cls_score_<L-1>}, then {@code bbox_pred_0} … (L FPN levels). */
    @Override
    public List<String> onnxOutputNames(int count) {
        return headOutputNames(count / 2);
    }

    /** The ONNX output names of an exported detector with {@code levels} FPN levels, in graph order. */
    public static List<String> headOutputNames(int levels) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            names.add("cls_score_" + i);
        }
        for (int i = 0; i < levels; i++) {
            names.add("bbox_pred_" + i);
        }
        return names;
    }

    @Override
    public void initWeights() {
        if (initCfg != null) {
            InitCfg.apply(this, initCfg, "detectors." + type);
            if (InitCfg.isPretrained(initCfg)) {
                return;
            }
        }
        for (Module c : children().values()) {
            if (c instanceof InitWeights iw) {
                iw.initWeights();
            }
        }
    }

    @Override
    public String pretrainedCheckpoint() {
        return InitCfg.pretrainedCheckpoint(initCfg);
    }

    public Module backbone() {
        return backbone;
    }

    /** The neck, or null. */
    public Module neck() {
        return neck;
    }

    public AnchorHead bboxHead() {
        return bboxHead;
    }

    private List<NDArray> arrays(Map<String, Object> targets, String key, boolean required) {
        Object v = targets.get(key);
        if (v == null) {
            if (required) {
                throw new MgdException("detectors." + type + ": training needs '" + key + "'; got fields "
                        + targets.keySet() + " (check the pipeline's Collect keys)");
            }
            return null;
        }
        if (v instanceof List<?> l && l.stream().allMatch(NDArray.class::isInstance)) {
            List<NDArray> out = new ArrayList<>();
            l.forEach(a -> out.add((NDArray) a));
            return out;
        }
        throw new MgdException("detectors." + type + ": '" + key + "' must be one array per image, got "
                + v.getClass().getSimpleName());
    }

    private List<ImgMeta> metas(Object v, NDArray img) {
        return imgMetas(v, img, "detectors." + type);
    }

    /**
     * The batch's {@code img_metas} (maps or {@link ImgMeta}s), one per image of {@code img}.
     *
     * @param owner names the caller in errors
     */
    public static List<ImgMeta> imgMetas(Object v, NDArray img, String owner) {
        long n = img.getShape().get(0);
        if (!(v instanceof List<?> l) || l.size() != n) {
            throw new MgdException(owner + ": 'img_metas' must be a list of " + n
                    + " per-image maps, got " + (v == null ? "nothing" : v.getClass().getSimpleName()));
        }
        List<ImgMeta> out = new ArrayList<>();
        for (Object m : l) {
            if (m instanceof ImgMeta im) {
                out.add(im);
            } else if (m instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) map;
                out.add(ImgMeta.fromMap(typed));
            } else {
                throw new MgdException(owner + ": an img_meta must be a map, got " + m);
            }
        }
        return out;
    }
}
