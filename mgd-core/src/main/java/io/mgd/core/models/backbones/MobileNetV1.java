package io.mgd.core.models.backbones;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 */
public final class MobileNetV1 extends Module implements InitWeights, OnnxExportable {
    /** (in, out, stride) of the 13 depthwise-separable stages. */
    private static final int[][] DW = {{32, 64, 1}, {64, 128, 2}, {128, 128, 1}, {128, 256, 2}, {256, 256, 1},
        {256, 512, 2}, {512, 512, 1}, {512, 512, 1}, {512, 512, 1}, {512, 512, 1}, {512, 512, 1},
        {512, 1024, 2}, {1024, 1024, 1}};

    private final Sequential model;
    private final Object initCfg;

    /**
     * @param initCfg the init_cfg; null means the reference default (Kaiming on Conv2d, constant 1
     *     on norms)
     */
    public MobileNetV1(NDManager manager, Object initCfg) {
        super(manager);
        this.initCfg = initCfg != null ? initCfg : List.of((Object[]) ResNetVariant.defaultInitCfg());
        model = registerModule("model", new Sequential(manager));
        model.add(new Sequential(manager, List.of(new Conv2d(manager, 3, 32, 3, 2, 1, 1, 1, false),
                new BatchNorm2d(manager, 32), new ReLU(manager))));
        for (int[] s : DW) {
            int in = s[0];
            int out = s[1];
            model.add(new Sequential(manager, List.of(
                    new Conv2d(manager, in, in, 3, s[2], 1, 1, in, false), new BatchNorm2d(manager, in),
                    new ReLU(manager),
                    new Conv2d(manager, in, out, 1, 1, 0, 1, 1, false), new BatchNorm2d(manager, out),
                    new ReLU(manager))));
        }
        initWeights();
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

    /** Output channels (1024). */
    public int featDim() {
        return 1024;
    }

    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        return List.of(g.call(model, inputs.get(0)));
    }
}
