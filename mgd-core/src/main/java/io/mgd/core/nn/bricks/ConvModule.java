package io.mgd.core.nn.bricks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Intermediates;
import io.mgd.core.nn.Module;
import java.util.List;
import io.mgd.core.nn.init.Init;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.ReLU;

/**
 * mmcv {@code ConvModule}: children {@code conv}, then {@code bn}/{@code gn} when {@code norm_cfg}
 * is set, then {@code activate}; order conv → norm → act. {@code bias="auto"} means a bias only
 * without norm. Conv init: kaiming normal (fan_out, relu); norm weight 1, bias 0.
 */
public final class ConvModule extends Module implements OnnxExportable {
    private final Conv2d conv;
    private final Module norm;
    private final String normName;
    private final Module activate;

    /**
     * @param bias {@code Boolean} or {@code "auto"}
     * @param normCfg null for no norm
     * @param actCfg null for no activation; only {@code ReLU} is supported
     */
    public ConvModule(NDManager manager, int in, int out, int kernel, int stride, int padding, int dilation,
            int groups, Object bias, ConfigDict normCfg, ConfigDict actCfg) {
        super(manager);
        boolean withBias = "auto".equals(bias) ? normCfg == null : Boolean.TRUE.equals(bias);
        this.conv = registerModule("conv", new Conv2d(manager, in, out, kernel, stride, padding, dilation, groups, withBias));
        if (normCfg != null) {
            NormLayers.Named n = NormLayers.build(manager, normCfg, out, "");
            this.normName = n.name();
            this.norm = registerModule(n.name(), n.module());
        } else {
            this.normName = null;
            this.norm = null;
        }
        if (actCfg != null) {
            Object type = actCfg.get("type");
            if (!"ReLU".equals(type)) {
                throw new ConfigException("act_cfg: unsupported activation '" + type + "'; supported is ReLU");
            }
            this.activate = registerModule("activate", new ReLU(manager));
        } else {
            this.activate = null;
        }
        Init.kaiming(conv.weight(), 0, "fan_out", "relu", "normal");
        if (conv.bias() != null) {
            Init.constant(conv.bias(), 0);
        }
    }

    /** A conv + BN + ReLU module, the most common form. */
    public static ConvModule convBnRelu(NDManager manager, int in, int out, int kernel, int stride, int padding,
            ConfigDict normCfg) {
        return new ConvModule(manager, in, out, kernel, stride, padding, 1, 1, "auto", normCfg,
                ConfigDict.of("type", "ReLU"));
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        Intermediates t = intermediates(inputs);
        NDArray x = conv.forward(inputs.head());
        if (norm != null) {
            x = t.consume(norm, x);
        }
        if (activate != null) {
            x = t.consume(activate, x);
        }
        return new NDList(x);
    }

    public Conv2d conv() {
        return conv;
    }

    /** The norm layer or null. */
    public Module norm() {
        return norm;
    }

    /** {@code bn}, {@code gn} or null. */
    public String normName() {
        return normName;
    }

    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        String x = g.call(conv, inputs.get(0));
        if (norm != null) {
            x = g.call(norm, x);
        }
        if (activate != null) {
            x = g.call(activate, x);
        }
        return List.of(x);
    }
}
