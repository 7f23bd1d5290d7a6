package io.mgd.core.models.backbones;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.init.InitCfg;
import io.mgd.core.nn.init.InitWeights;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.ReLU;
import io.mgd.core.nn.layers.Sequential;
import java.util.List;

/**
 * The MobileNetV1 of the MGD classification code ({@code yzd-v/MGD}
 * {@code cls/mmcls/models/backbones/mobilenet_v1.py}): one Sequential {@code model} of 14
 * stages. Stage 0 is conv3x3(3→32, stride 2), BN, ReLU ({@code model.0.0}, {@code model.0.1});
 * stages 1–13 are depthwise conv3x3, BN, ReLU, pointwise conv1x1, BN, ReLU
 * ({@code model.i.0} … {@code model.i.5}). All convs are bias-free and plain torch BatchNorm2d is
 * used (no norm_cfg). The output is the last stage's 1024-channel map, a one-element NDList (the
 * reference returns a bare tensor, which mmcls wraps in a tuple).
 *
 * <p>Three optional arguments, whose defaults give the reference network, adapt it to small
 * inputs such as 28×28 Fashion-MNIST: {@code in_channels}, {@code widen_factor} (channels scaled
 * and rounded with mmcls' {@code make_divisible(c·w, 8)}, as mmcls' MobileNetV2 does) and
 * {@code strides} (one per stage, the stem first).
 */
public final class MobileNetV1 extends Module implements InitWeights, OnnxExportable {
    /** Output channels of the stem and the 13 depthwise-separable stages at widen_factor 1. */
    private static final int[] CHANNELS = {32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    /** The reference strides of the stem and the 13 stages (total stride 32). */
    private static final int[] STRIDES = {2, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};

    private final Sequential model;
    private final Object initCfg;
    private final int featDim;

    /** The reference network (3 input channels, widen_factor 1, reference strides). */
    public MobileNetV1(NDManager manager, Object initCfg) {
        this(manager, 3, 1.0, null, initCfg);
    }

    /**
     * @param inChannels input image channels
     * @param widenFactor channel multiplier
     * @param strides 14 strides (stem, then the depthwise stages), or null for the reference's
     * @param initCfg the init_cfg; null means the reference default (Kaiming on Conv2d, constant 1
     *     on norms)
     */
    public MobileNetV1(NDManager manager, int inChannels, double widenFactor, List<Integer> strides, Object initCfg) {
        super(manager);
        if (inChannels <= 0 || widenFactor <= 0) {
            throw new ConfigException("backbones.MobileNetV1: in_channels and widen_factor must be positive, got "
                    + inChannels + " and " + widenFactor);
        }
        if (strides != null && strides.size() != STRIDES.length) {
            throw new ConfigException("backbones.MobileNetV1: strides needs " + STRIDES.length
                    + " values (the stem, then 13 depthwise stages), got " + strides);
        }
        this.initCfg = initCfg != null ? initCfg : List.of((Object[]) ResNetVariant.defaultInitCfg());
        model = registerModule("model", new Sequential(manager));
        int[] ch = new int[CHANNELS.length];
        for (int i = 0; i < ch.length; i++) {
            ch[i] = makeDivisible(CHANNELS[i] * widenFactor, 8);
        }
        model.add(new Sequential(manager, List.of(new Conv2d(manager, inChannels, ch[0], 3, stride(strides, 0), 1, 1, 1,
                false), new BatchNorm2d(manager, ch[0]), new ReLU(manager))));
        for (int i = 1; i < ch.length; i++) {
            int in = ch[i - 1];
            int out = ch[i];
            model.add(new Sequential(manager, List.of(
                    new Conv2d(manager, in, in, 3, stride(strides, i), 1, 1, in, false), new BatchNorm2d(manager, in),
                    new ReLU(manager),
                    new Conv2d(manager, in, out, 1, 1, 0, 1, 1, false), new BatchNorm2d(manager, out),
                    new ReLU(manager))));
        }
        featDim = ch[ch.length - 1];
        initWeights();
    }

    private static int stride(List<Integer> strides, int i) {
        return strides == null ? STRIDES[i] : strides.get(i);
    }

    /** mmcls {@code make_divisible(value, divisor)}: round to a multiple, never below 90% of value. */
    static int makeDivisible(double value, int divisor) {
        int v = Math.max(divisor, (int) (value + divisor / 2.0) / divisor * divisor);
        return v < 0.9 * value ? v + divisor : v;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(model.forward(inputs.head()));
    }

    /** Applies the init_cfg (Pretrained is left to the checkpoint loader). */
    @Override
    public void initWeights() {
        InitCfg.apply(this, initCfg, "backbones.MobileNetV1");
    }

    /** Output channels (1024 at widen_factor 1). */
    public int featDim() {
        return featDim;
    }

    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        return List.of(g.call(model, inputs.get(0)));
    }
}
