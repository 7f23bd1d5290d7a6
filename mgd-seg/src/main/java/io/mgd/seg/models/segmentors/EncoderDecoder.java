package io.mgd.seg.models.segmentors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Batch;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.engine.onnx.OnnxResize;
import io.mgd.core.models.TaskModel;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.init.InitCfg;
import io.mgd.core.nn.init.InitWeights;
import io.mgd.core.nn.layers.ModuleList;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import io.mgd.core.runner.TrainableModel;
import io.mgd.core.util.MgdException;
import io.mgd.seg.models.decode_heads.BaseDecodeHead;
import io.mgd.seg.ops.Resize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * mmseg 0.20 {@code EncoderDecoder}. Children, in state-dict order: {@code backbone}, optional
 * {@code neck}, {@code decode_head}, optional {@code auxiliary_head} (a ModuleList, keys
 * {@code auxiliary_head.i.*}, when configured as a list).
 *
 * <p>Training ({@link #forwardTrain(NDArray, NDArray)}) returns {@code decode.loss_ce},
 * {@code decode.acc_seg}, then {@code aux.loss_ce}, {@code aux.acc_seg} (or {@code aux_0.*},
 * {@code aux_1.*}, … for a list). Inference follows {@code test_cfg}: whole-image or sliding
 * window ({@link SlideInference}), logits resized bilinearly to the input and then to
 * {@code ori_shape}, softmax, flipped back when the meta says so; {@link #simpleTest} takes the
 * argmax. {@link #forward} is mmseg's {@code forward_dummy} ({@link #encodeDecode}), which is
 * also what the ONNX export writes.
 */
public final class EncoderDecoder extends Module implements TaskModel, TrainableModel, InitWeights, OnnxExportable {
    /**
     * Config arguments, mmseg names. A model-level {@code pretrained} is handed to the backbone
     * as its {@code pretrained} (an error if the backbone sets one too).
     */
    public record Options(ConfigDict backbone, ConfigDict decodeHead, @Default("null") ConfigDict neck,
            @Default("null") Object auxiliaryHead, @Default("null") ConfigDict trainCfg,
            @Default("null") ConfigDict testCfg, @Default("null") String pretrained,
            @Default("null") Object initCfg) {
        public Options {
            if (auxiliaryHead != null && !(auxiliaryHead instanceof ConfigDict) && !(auxiliaryHead instanceof List<?>)) {
                throw new IllegalArgumentException("auxiliary_head must be a dict or a list of dicts, got "
                        + ConfigDict.describe(auxiliaryHead));
            }
        }
    }

    private static final String OWNER = "models.EncoderDecoder";

    private final Module backbone;
    private final Module neck;
    private final BaseDecodeHead decodeHead;
    private final List<BaseDecodeHead> auxHeads = new ArrayList<>();
    private final boolean auxIsList;
    private final TestCfg testCfg;
    private final ConfigDict trainCfg;
    private final Object initCfg;

    /** Builds backbone, neck and heads through the registries. */
    public EncoderDecoder(BuildContext ctx, Options o) {
        super(ctx.manager());
        ConfigDict backboneCfg = o.backbone().deepCopy();
        if (o.pretrained() != null) {
            if (backboneCfg.get("pretrained") != null) {
                throw new ConfigException(OWNER + ": both backbone and segmentor set pretrained weight");
            }
            backboneCfg.put("pretrained", o.pretrained());
        }
        this.testCfg = TestCfg.of(o.testCfg());
        this.trainCfg = o.trainCfg();
        this.initCfg = o.initCfg();
        this.backbone = registerModule("backbone", ctx.build(Registries.BACKBONES, backboneCfg));
        this.neck = o.neck() == null ? null : registerModule("neck", ctx.build(Registries.NECKS, o.neck()));
        this.decodeHead = registerModule("decode_head", head(ctx, o.decodeHead(), "decode_head"));
        Object aux = o.auxiliaryHead();
        this.auxIsList = aux instanceof List<?>;
        if (aux instanceof ConfigDict d) {
            auxHeads.add(registerModule("auxiliary_head", head(ctx, d, "auxiliary_head")));
        } else if (aux instanceof List<?> list) {
            ModuleList ml = registerModule("auxiliary_head", new ModuleList(ctx.manager()));
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof ConfigDict d)) {
                    throw new ConfigException(OWNER + ": auxiliary_head[" + i + "] must be a dict, got "
                            + ConfigDict.describe(list.get(i)));
                }
                BaseDecodeHead h = head(ctx, d, "auxiliary_head[" + i + "]");
                ml.add(h);
                auxHeads.add(h);
            }
        }
        // children initialised themselves when built; a model-level init_cfg runs first and the
        // children's own init then wins, as in mmcv BaseModule.init_weights
        if (initCfg != null && !InitCfg.isPretrained(initCfg)) {
            initWeights();
        }
    }

    private static BaseDecodeHead head(BuildContext ctx, ConfigDict cfg, String key) {
        Module h = ctx.build(Registries.HEADS, cfg);
        if (!(h instanceof BaseDecodeHead bh)) {
            throw new ConfigException(OWNER + ": " + key + " type " + cfg.get("type")
                    + " is not a decode head (PSPHead, ASPPHead, FCNHead, ...)");
        }
        return bh;
    }

    // ---- features and logits ---------------------------------------------------------------

    /** mmseg {@code extract_feat}: backbone outputs, through the neck when there is one. */
    public NDList extractFeat(NDArray img) {
        NDList x = backbone.forward(new NDList(img));
        return neck != null ? neck.forward(x) : x;
    }

    @Override
    public NDList extractFeat(NDList inputs) {
        return extractFeat(inputs.head());
    }

    /** mmseg {@code _decode_head_forward_test}: decode-head logits at feature resolution. */
    public NDArray decodeHeadForwardTest(NDList feats) {
        return decodeHead.forwardTest(feats);
    }

    /** mmseg {@code encode_decode}: decode-head logits resized bilinearly to the input's H×W. */
    public NDArray encodeDecode(NDArray img) {
        NDArray out = decodeHeadForwardTest(extractFeat(img));
        return Resize.bilinearLike(out, img.getShape(), alignCorners());
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(encodeDecode(inputs.head()));
    }

    /**
     * The ONNX form of {@link #forward} (mmseg {@code encode_decode}, whole-image): backbone, neck,
     * decode head, then the logits resized bilinearly to the input's H×W with the head's
     * {@code align_corners}, as mmseg's {@code pytorch2onnx} exports them. A {@code slide}
     * {@code test_cfg} is left to the caller (it would run this graph per window).
     */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        String img = inputs.get(0);
        List<String> feats = g.call(backbone, List.of(img));
        if (neck != null) {
            feats = g.call(neck, feats);
        }
        String logits = g.call(decodeHead, feats).get(0);
        return List.of(OnnxResize.like(g, logits, img, "bilinear", alignCorners()));
    }

    // ---- training --------------------------------------------------------------------------

    /**
     * mmseg {@code forward_train}.
     *
     * @param img N×3×H×W
     * @param gtSemanticSeg N×1×H×W integer labels (255 = ignored by default)
     */
    public LinkedHashMap<String, NDArray> forwardTrain(NDArray img, NDArray gtSemanticSeg) {
        NDList x = extractFeat(img);
        LinkedHashMap<String, NDArray> losses = new LinkedHashMap<>();
        decodeHead.forwardTrain(x, gtSemanticSeg).forEach((k, v) -> losses.put("decode." + k, v));
        losses.putAll(auxiliaryHeadForwardTrain(x, gtSemanticSeg));
        return losses;
    }

    /** mmseg {@code _auxiliary_head_forward_train}: {@code aux.*} or {@code aux_i.*} losses. */
    public LinkedHashMap<String, NDArray> auxiliaryHeadForwardTrain(NDList feats, NDArray gtSemanticSeg) {
        LinkedHashMap<String, NDArray> losses = new LinkedHashMap<>();
        for (int i = 0; i < auxHeads.size(); i++) {
            String prefix = auxIsList ? "aux_" + i + "." : "aux.";
            auxHeads.get(i).forwardTrain(feats, gtSemanticSeg).forEach((k, v) -> losses.put(prefix + k, v));
        }
        return losses;
    }

    @Override
    public Map<String, NDArray> forwardTrain(NDList inputs, Map<String, Object> targets) {
        Object gt = targets.get("gt_semantic_seg");
        if (!(gt instanceof NDArray g)) {
            throw new MgdException(OWNER + ": forward_train needs 'gt_semantic_seg' (N×1×H×W) among the targets "
                    + targets.keySet());
        }
        return forwardTrain(inputs.head(), g);
    }

    /** The runner's step: fields {@code img} (N×3×H×W) and {@code gt_semantic_seg} (N×1×H×W). */
    @Override
    public LinkedHashMap<String, NDArray> forwardTrain(Batch batch) {
        return forwardTrain(batch.getArray("img"), batch.getArray("gt_semantic_seg"));
    }

    @Override
    public Module module() {
        return this;
    }

    // ---- inference -------------------------------------------------------------------------

    /**
     * mmseg {@code inference}: per-class probabilities (softmax over the logits of
     * {@code test_cfg}'s mode), at {@code ori_shape} when {@code rescale}, flipped back when the
     * first meta says the input was flipped. All images of the batch share the first meta's
     * {@code ori_shape}, as mmseg requires.
     */
    public NDArray inference(NDArray img, List<ImgMeta> imgMetas, boolean rescale) {
        checkMetas(imgMetas);
        NDArray logit = "slide".equals(testCfg.mode())
                ? SlideInference.run(this, img, testCfg.cropSize(), testCfg.stride())
                : encodeDecode(img);
        return probabilities(logit, imgMetas, rescale, alignCorners());
    }

    /**
     * The part of {@link #inference} after the logits, shared with an exported model's logits
     * ({@code tools/test} on ONNX Runtime): resized bilinearly to the first meta's
     * {@code ori_shape} when {@code rescale}, softmax over classes, flipped back when the meta
     * says so.
     *
     * @param logit N×C×H×W logits at the input size
     * @param alignCorners the decode head's {@code align_corners}
     */
    public static NDArray probabilities(NDArray logit, List<ImgMeta> imgMetas, boolean rescale,
            boolean alignCorners) {
        ImgMeta first = checkMetas(imgMetas);
        if (rescale) {
            logit = Resize.bilinear(logit, first.oriH(), first.oriW(), alignCorners);
        }
        NDArray output = logit.softmax(1);
        if (first.flip()) {
            output = output.flip("horizontal".equals(first.flipDirection()) ? 3 : 2);
        }
        return output;
    }

    private static ImgMeta checkMetas(List<ImgMeta> imgMetas) {
        if (imgMetas.isEmpty()) {
            throw new MgdException(OWNER + ": inference needs one img_meta per image, got none");
        }
        ImgMeta first = imgMetas.get(0);
        for (ImgMeta m : imgMetas) {
            if (m.oriH() != first.oriH() || m.oriW() != first.oriW()) {
                throw new MgdException(OWNER + ": all images of a test batch must share ori_shape, got ("
                        + first.oriH() + ", " + first.oriW() + ") and (" + m.oriH() + ", " + m.oriW() + ")");
            }
        }
        return first;
    }

    /** mmseg {@code simple_test}: the argmax label map (int64 H×W) of each image. */
    public List<NDArray> simpleTest(NDArray img, List<ImgMeta> imgMetas, boolean rescale) {
        return labelMaps(inference(img, imgMetas, rescale));
    }

    /**
     * mmseg {@code aug_test} (rescale only): the mean of the augmented views' probabilities, then
     * the argmax per image.
     */
    public List<NDArray> augTest(List<NDArray> imgs, List<List<ImgMeta>> imgMetas) {
        return augTest(imgs, imgMetas, (img, metas) -> inference(img, metas, true));
    }

    /**
     * {@link #augTest} with another source of per-view probabilities (an exported model's logits
     * through {@link #probabilities}).
     */
    public static List<NDArray> augTest(List<NDArray> imgs, List<List<ImgMeta>> imgMetas,
            BiFunction<NDArray, List<ImgMeta>, NDArray> inference) {
        if (imgs.isEmpty() || imgs.size() != imgMetas.size()) {
            throw new MgdException(OWNER + ": aug_test needs one meta list per augmented view, got " + imgs.size()
                    + " views and " + imgMetas.size() + " meta lists");
        }
        NDArray sum = inference.apply(imgs.get(0), imgMetas.get(0));
        for (int i = 1; i < imgs.size(); i++) {
            sum = sum.add(inference.apply(imgs.get(i), imgMetas.get(i)));
        }
        return labelMaps(sum.div(imgs.size()));
    }

    /** The argmax over classes of N×C×H×W probabilities, one int64 H×W map per image. */
    public static List<NDArray> labelMaps(NDArray probabilities) {
        return unbatch(probabilities.argMax(1));
    }

    private static List<NDArray> unbatch(NDArray pred) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < pred.getShape().get(0); i++) {
            out.add(pred.get(i));
        }
        return out;
    }

    // ---- weights and accessors -------------------------------------------------------------

    /** The model's init_cfg (Pretrained entries are left to the checkpoint loader), then each child's. */
    @Override
    public void initWeights() {
        if (initCfg != null) {
            InitCfg.apply(this, initCfg, OWNER);
            if (InitCfg.isPretrained(initCfg)) {
                return;
            }
        }
        List<Module> parts = new ArrayList<>(children().values());
        if (auxIsList) {
            parts.addAll(auxHeads); // the ModuleList itself has no init of its own
        }
        for (Module c : parts) {
            if (c instanceof InitWeights iw) {
                iw.initWeights();
            }
        }
    }

    /** The decode head's {@code align_corners}, used for every segmentor-level resize. */
    public boolean alignCorners() {
        return decodeHead.alignCorners();
    }

    public int numClasses() {
        return decodeHead.numClasses();
    }

    public Module backbone() {
        return backbone;
    }

    /** The neck or null. */
    public Module neck() {
        return neck;
    }

    public BaseDecodeHead decodeHead() {
        return decodeHead;
    }

    /** The auxiliary heads (empty without one). */
    public List<BaseDecodeHead> auxiliaryHeads() {
        return List.copyOf(auxHeads);
    }

    public TestCfg testCfg() {
        return testCfg;
    }

    /** The {@code train_cfg} dict as configured (unused by the 0.20 heads without sampler), or null. */
    public ConfigDict trainCfg() {
        return trainCfg;
    }
}
