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
 * The ResNet-18/34 block (mmcls/mmdet/mmseg {@code BasicBlock}, expansion 1): {@code conv1} 3x3
 * carrying the stride and dilation, {@code bn1}, {@code conv2} 3x3 (never dilated), {@code bn2},
 * optional {@code downsample}; relu after bn1, identity added after bn2, then relu.
 */
public final class BasicBlock extends Module implements OnnxExportable {
    private final Conv2d conv1;
    private final Module norm1;
    private final Conv2d conv2;
    private final Module norm2;
    private final ReLU relu;
    private final Module downsample;

    /**
     * @param downsample the identity-branch module, or null for a plain identity
     */
    public BasicBlock(NDManager manager, int in, int out, int stride, int dilation, Module downsample,
            ConfigDict normCfg) {
        super(manager);
        conv1 = registerModule("conv1", new Conv2d(manager, in, out, 3, stride, dilation, dilation, 1, false));
        NormLayers.Named n1 = NormLayers.build(manager, normCfg, out, "1");
        norm1 = registerModule(n1.name(), n1.module());
        conv2 = registerModule("conv2", new Conv2d(manager, out, out, 3, 1, 1, 1, 1, false));
        NormLayers.Named n2 = NormLayers.build(manager, normCfg, out, "2");
        norm2 = registerModule(n2.name(), n2.module());
        relu = registerModule("relu", new ReLU(manager));
        this.downsample = downsample == null ? null : registerModule("downsample", downsample);
    }

    /** The last norm of the block ({@code bn2}), which zero_init_residual zeroes. */
    public Module lastNorm() {
        return norm2;
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray x = inputs.head();
        Intermediates t = intermediates(inputs);
        NDArray out = t.consume(relu, t.consume(norm1, conv1.forward(x)));
        out = t.consume(norm2, t.consume(conv2, out));
        NDArray identity = downsample == null ? x : downsample.forward(x);
        NDArray sum = out.add(identity);
        t.release(out, sum);
        t.release(identity, sum);
        return new NDList(t.consume(relu, sum));
    }

    /** The two convs, the residual {@code Add} and the final ReLU. */
    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        String x = inputs.get(0);
        String out = g.call(relu, g.call(norm1, g.call(conv1, x)));
        out = g.call(norm2, g.call(conv2, out));
        String identity = downsample == null ? x : g.call(downsample, x);
        return List.of(g.call(relu, g.node("Add", out, identity)));
    }
}
