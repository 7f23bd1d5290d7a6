package io.mgd.core.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Intermediates;
import io.mgd.core.nn.Module;
import java.util.List;
import io.mgd.core.nn.bricks.NormLayers;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.ReLU;

/**
 * The ResNet-50+ block (mmcls/mmdet/mmseg {@code Bottleneck}; with groups &gt; 1 the ResNeXt
 * one): {@code conv1} 1x1 → {@code bn1} → relu → {@code conv2} 3x3 (dilated, grouped) →
 * {@code bn2} → relu → {@code conv3} 1x1 → {@code bn3}, plus identity, relu. Style
 * {@code pytorch} puts the stride on conv2, {@code caffe} on conv1.
 */
public final class Bottleneck extends Module implements OnnxExportable {
    private final Conv2d conv1;
    private final Module norm1;
    private final Conv2d conv2;
    private final Module norm2;
    private final Conv2d conv3;
    private final Module norm3;
    private final ReLU relu;
    private final Module downsample;

    /**
     * @param mid the width of conv1/conv2 (out / expansion, or the ResNeXt width)
     * @param groups groups of conv2
     * @param caffeStyle whether the stride goes on conv1 instead of conv2
     * @param downsample the identity-branch module, or null
     */
    public Bottleneck(NDManager manager, int in, int mid, int out, int stride, int dilation, int groups,
            boolean caffeStyle, Module downsample, ConfigDict normCfg) {
        super(manager);
        int s1 = caffeStyle ? stride : 1;
        int s2 = caffeStyle ? 1 : stride;
        conv1 = registerModule("conv1", new Conv2d(manager, in, mid, 1, s1, 0, 1, 1, false));
        NormLayers.Named n1 = NormLayers.build(manager, normCfg, mid, "1");
        norm1 = registerModule(n1.name(), n1.module());
        conv2 = registerModule("conv2", new Conv2d(manager, mid, mid, 3, s2, dilation, dilation, groups, false));
        NormLayers.Named n2 = NormLayers.build(manager, normCfg, mid, "2");
        norm2 = registerModule(n2.name(), n2.module());
        conv3 = registerModule("conv3", new Conv2d(manager, mid, out, 1, 1, 0, 1, 1, false));
        NormLayers.Named n3 = NormLayers.build(manager, normCfg, out, "3");
        norm3 = registerModule(n3.name(), n3.module());
        relu = registerModule("relu", new ReLU(manager));
        this.downsample = downsample == null ? null : registerModule("downsample", downsample);
    }

    /** The last norm of the block ({@code bn3}), which zero_init_residual zeroes. */
    public Module lastNorm() {
        return norm3;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray x = inputs.head();
        Intermediates t = intermediates(inputs);
        NDArray out = t.consume(relu, t.consume(norm1, conv1.forward(x)));
        out = t.consume(relu, t.consume(norm2, t.consume(conv2, out)));
        out = t.consume(norm3, t.consume(conv3, out));
        NDArray identity = downsample == null ? x : downsample.forward(x);
        NDArray sum = out.add(identity);
        t.release(out, sum);
        t.release(identity, sum);
        return new NDList(t.consume(relu, sum));
    }

    /** The three convs, the residual {@code Add} and the final ReLU. */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        String x = inputs.get(0);
        String out = g.call(relu, g.call(norm1, g.call(conv1, x)));
        out = g.call(relu, g.call(norm2, g.call(conv2, out)));
        out = g.call(norm3, g.call(conv3, out));
        String identity = downsample == null ? x : g.call(downsample, x);
        return List.of(g.call(relu, g.node("Add", out, identity)));
    }
}
