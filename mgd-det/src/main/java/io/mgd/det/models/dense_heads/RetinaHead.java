package io.mgd.det.models.dense_heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.bricks.ConvModule;
import io.mgd.core.nn.init.InitCfg;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.ModuleList;
import io.mgd.core.nn.layers.ReLU;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;

/**
 * mmdet's {@code RetinaHead}: {@code stacked_convs} 3×3 ConvModules (ReLU) in each of
 * {@code cls_convs} and {@code reg_convs}, then {@code retina_cls} (A·C channels) and
 * {@code retina_reg} (A·4 channels), 3×3 convs with bias. Default init: Normal(std 0.01) on every
 * Conv2d, {@code retina_cls} bias = −log((1−0.01)/0.01), applied on construction.
 */
public final class RetinaHead extends AnchorHead {
    private final ModuleList clsConvs;
    private final ModuleList regConvs;
    private final Conv2d retinaCls;
    private final Conv2d retinaReg;

    /** mmdet's arguments, with the {@code AnchorHead} ones and their mmdet defaults. */
    public record Options(int numClasses, int inChannels, @Default("4") int stackedConvs,
            @Default("256") int featChannels, @Default("null") ConfigDict convCfg, @Default("null") ConfigDict normCfg,
            @Default("{type: AnchorGenerator, octave_base_scale: 4, scales_per_octave: 3, ratios: [0.5, 1.0, 2.0],"
                    + " strides: [8, 16, 32, 64, 128]}") ConfigDict anchorGenerator,
            @Default("{type: DeltaXYWHBBoxCoder, clip_border: true, target_means: [0.0, 0.0, 0.0, 0.0],"
                    + " target_stds: [1.0, 1.0, 1.0, 1.0]}") ConfigDict bboxCoder,
            @Default("false") boolean regDecodedBbox,
            @Default("{type: CrossEntropyLoss, use_sigmoid: true, loss_weight: 1.0}") ConfigDict lossCls,
            @Default("{type: SmoothL1Loss, beta: 0.1111111111111111, loss_weight: 1.0}") ConfigDict lossBbox,
            @Default("null") ConfigDict trainCfg, @Default("null") ConfigDict testCfg,
            @Default("{type: Normal, layer: Conv2d, std: 0.01, override: {type: Normal, name: retina_cls, std: 0.01,"
                    + " bias_prob: 0.01}}") Object initCfg) {
        /** The shared anchor-head part. */
        AnchorHead.Settings settings() {
            return new AnchorHead.Settings(numClasses, inChannels, featChannels, anchorGenerator, bboxCoder,
                    regDecodedBbox, lossCls, lossBbox, trainCfg, testCfg);
        }
    }

    public RetinaHead(NDManager manager, BuildContext ctx, Options o) {
        super(manager, ctx, o.settings());
        if (o.convCfg() != null && !java.util.List.of("Conv2d", "Conv").contains(o.convCfg().get("type"))) {
            throw new ConfigException("RetinaHead: conv_cfg type must be Conv2d (or Conv), got " + o.convCfg());
        }
        registerModule("relu", new ReLU(manager)); // mmdet keeps an (unused) nn.ReLU child
        clsConvs = registerModule("cls_convs", new ModuleList(manager));
        regConvs = registerModule("reg_convs", new ModuleList(manager));
        ConfigDict relu = ConfigDict.of("type", "ReLU");
        for (int i = 0; i < o.stackedConvs(); i++) {
            int chn = i == 0 ? o.inChannels() : o.featChannels();
            clsConvs.add(new ConvModule(manager, chn, o.featChannels(), 3, 1, 1, 1, 1, "auto", o.normCfg(), relu));
            regConvs.add(new ConvModule(manager, chn, o.featChannels(), 3, 1, 1, 1, 1, "auto", o.normCfg(), relu));
        }
        int a = numBasePriors();
        retinaCls = registerModule("retina_cls",
                new Conv2d(manager, o.featChannels(), a * clsOutChannels, 3, 1, 1, 1, 1, true));
        retinaReg = registerModule("retina_reg", new Conv2d(manager, o.featChannels(), a * 4, 3, 1, 1, 1, 1, true));
        if (o.initCfg() != null) {
            InitCfg.apply(this, o.initCfg());
        }
    }

    @Override
    protected NDList forwardSingle(NDArray x) {
        NDArray cls = x;
        NDArray reg = x;
        for (int i = 0; i < clsConvs.size(); i++) {
            cls = clsConvs.get(i).forward(cls);
        }
        for (int i = 0; i < regConvs.size(); i++) {
            reg = regConvs.get(i).forward(reg);
        }
        return new NDList(retinaCls.forward(cls), retinaReg.forward(reg));
    }

    @Override
    protected java.util.List<String> exportSingle(OnnxGraph g, String x) {
        String cls = x;
        String reg = x;
        for (int i = 0; i < clsConvs.size(); i++) {
            cls = g.call(clsConvs.get(i), cls);
        }
        for (int i = 0; i < regConvs.size(); i++) {
            reg = g.call(regConvs.get(i), reg);
        }
        return java.util.List.of(g.call(retinaCls, cls), g.call(retinaReg, reg));
    }
}
