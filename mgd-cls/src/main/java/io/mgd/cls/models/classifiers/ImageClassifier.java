package io.mgd.cls.models.classifiers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.cls.models.heads.ClsHead;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.init.InitCfg;
import io.mgd.core.nn.init.InitWeights;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * mmcls 0.19 {@code ImageClassifier}: children {@code backbone}, optional {@code neck} and
 * {@code head}, so keys are {@code backbone.*}, {@code head.fc.*}. {@link #forward} returns the
 * softmax scores ({@link #simpleTest}).
 */
public final class ImageClassifier extends Module
        implements InitWeights, io.mgd.core.models.TaskModel, OnnxExportable {
    private static final List<String> STAGES = List.of("backbone", "neck", "pre_logits");

    /**
     * Config arguments, mmcls names. {@code pretrained} is the deprecated alias of
     * {@code init_cfg=dict(type='Pretrained', checkpoint=...)}. {@code train_cfg} batch augments
     * (Mixup/CutMix) are not supported yet and are rejected.
     */
    public record Options(ConfigDict backbone, @Default("null") ConfigDict neck, @Default("null") ConfigDict head,
            @Default("null") String pretrained, @Default("null") ConfigDict trainCfg,
            @Default("null") Object initCfg) {
        public Options {
            if (trainCfg != null) {
                for (String k : List.of("augments", "mixup", "cutmix")) {
                    if (trainCfg.get(k) != null) {
                        throw new ConfigException("models.ImageClassifier: train_cfg." + k
                                + " (batch Mixup/CutMix) is not supported yet");
                    }
                }
            }
        }
    }

    private final Module backbone;
    private final Module neck;
    private final ClsHead head;
    private final boolean returnTuple;
    private final Object initCfg;

    /** Builds backbone, neck and head from their configs. */
    public ImageClassifier(BuildContext ctx, Options o) {
        super(ctx.manager());
        ConfigDict backboneCfg = o.backbone().deepCopy();
        Object rt = backboneCfg.remove("return_tuple");
        this.returnTuple = !Boolean.FALSE.equals(rt);
        this.initCfg = o.pretrained() != null ? ConfigDict.of("type", "Pretrained", "checkpoint", o.pretrained())
                : o.initCfg();
        this.backbone = registerModule("backbone", ctx.build(Registries.BACKBONES, backboneCfg));
        this.neck = o.neck() == null ? null : registerModule("neck", ctx.build(Registries.NECKS, o.neck()));
        if (o.head() == null) {
            this.head = null;
        } else {
            Module h = ctx.build(Registries.HEADS, o.head());
            if (!(h instanceof ClsHead ch)) {
                throw new ConfigException("models.ImageClassifier: head type " + o.head().get("type")
                        + " is not a classification head");
            }
            this.head = registerModule("head", ch);
        }
        // Children initialise themselves when built; a classifier-level init_cfg runs first and
        // the children's own init_cfg then wins, as in mmcv BaseModule.init_weights.
        if (initCfg != null && !InitCfg.isPretrained(initCfg)) {
            initWeights();
        }
    }

    /**
     * Features after {@code stage}: 'backbone' (the stage tuple), 'neck', or 'pre_logits' (the
     * head's input to its classifier layer).
     */
    public NDList extractFeat(NDArray img, String stage) {
        if (!STAGES.contains(stage)) {
            throw new MgdException("Invalid output stage \"" + stage
                    + "\", please choose from \"backbone\", \"neck\" and \"pre_logits\"");
        }
        NDList x = backbone.forward(new NDList(img));
        if (!returnTuple) {
            x = new NDList(x.get(x.size() - 1));
        }
        if ("backbone".equals(stage)) {
            return x;
        }
        if (neck != null) {
            x = neck.forward(x);
        }
        if ("neck".equals(stage) || head == null) {
            return x;
        }
        return new NDList(head.preLogits(x));
    }

    /** Training losses: {@code loss} (and {@code accuracy.top-k} with cal_acc). */
    public LinkedHashMap<String, NDArray> forwardTrain(NDArray img, NDArray gtLabel) {
        return requireHead().forwardTrain(extractFeat(img, "neck"), gtLabel);
    }

    /** The distiller/runner seam: {@code targets} must hold {@code gt_label} (N, int64). */
    @Override
    public java.util.Map<String, NDArray> forwardTrain(NDList inputs, java.util.Map<String, Object> targets) {
        Object label = targets.get("gt_label");
        if (!(label instanceof NDArray gt)) {
            throw new MgdException("models.ImageClassifier: training needs a 'gt_label' array; got fields "
                    + targets.keySet() + " (check the pipeline's Collect keys)");
        }
        return forwardTrain(inputs.head(), gt);
    }

    /** Backbone outputs through the neck, as mmcls {@code extract_feat(img, stage='neck')}. */
    @Override
    public NDList extractFeat(NDList inputs) {
        return extractFeat(inputs.head(), "neck");
    }

    /** Softmax class scores (N, C). */
    public NDArray simpleTest(NDArray img) {
        return requireHead().simpleTest(extractFeat(img, "neck"));
    }

    private ClsHead requireHead() {
        if (head == null) {
            throw new MgdException("models.ImageClassifier: this model has no head (head=None)");
        }
        return head;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(simpleTest(inputs.head()));
    }

    /** The classifier's init_cfg, then each child's {@code initWeights()}; Pretrained is left to the loader. */
    @Override
    public void initWeights() {
        if (initCfg != null) {
            InitCfg.apply(this, initCfg, "models.ImageClassifier");
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

    /** The checkpoint of a Pretrained init_cfg (or the deprecated {@code pretrained}), or null. */
    public String pretrainedCheckpoint() {
        return InitCfg.pretrainedCheckpoint(initCfg);
    }

    @Override
    public String pretrainedPrefix() {
        return InitCfg.pretrainedPrefix(initCfg);
    }

    public Module backbone() {
        return backbone;
    }

    /** The neck, or null. */
    public Module neck() {
        return neck;
    }

    /** The head, or null. */
    public ClsHead head() {
        return head;
    }

    /**
     * Backbone, neck and head as {@link #simpleTest}: the class scores after a softmax, or the
     * logits when the export options turn the softmax off.
     */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        List<String> x = g.call(backbone, List.of(inputs.get(0)));
        if (!returnTuple) {
            x = List.of(x.get(x.size() - 1));
        }
        if (neck != null) {
            x = g.call(neck, x);
        }
        String scores = g.call(requireHead(), x).get(0);
        return List.of(g.options().softmax() ? g.node("Softmax", List.of(scores), OnnxGraph.attrs("axis", 1)) : scores);
    }
}
