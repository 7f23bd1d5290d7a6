package io.mgd.seg.models.decode_heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.engine.onnx.OnnxResize;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.bricks.ConvModule;
import io.mgd.core.nn.layers.AdaptiveAvgPool2d;
import io.mgd.core.nn.layers.ModuleList;
import io.mgd.core.nn.layers.Sequential;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.seg.ops.Resize;

/**
 * mmseg {@code ASPPHead} (DeepLabV3). {@code image_pool} is Sequential[AdaptiveAvgPool2d(1),
 * ConvModule 1×1] (keys {@code image_pool.1.conv/bn}), resized back to the input size;
 * {@code aspp_modules.i} is a ConvModule, 1×1 for dilation 1, else 3×3 with dilation and padding
 * d; the concatenation [image_pool, d_1, …] goes through {@code bottleneck} (3×3, pad 1,
 * (K+1)·channels → channels), then dropout and {@code conv_seg}.
 */
public final class ASPPHead extends BaseDecodeHead {
    /** Config arguments: {@code dilations} plus the {@link DecodeHeadArgs}, mmseg defaults. */
    public record Options(@Default("[1, 6, 12, 18]") int[] dilations,
            Object inChannels, int channels, int numClasses, @Default("0.1") double dropoutRatio,
            @Default("null") ConfigDict convCfg, @Default("null") ConfigDict normCfg,
            @Default("{type: ReLU}") ConfigDict actCfg, @Default("-1") Object inIndex,
            @Default("null") String inputTransform, @Default(DecodeHeadArgs.DEFAULT_LOSS) Object lossDecode,
            @Default("255") int ignoreIndex, @Default("null") ConfigDict sampler,
            @Default("false") boolean alignCorners, @Default(DecodeHeadArgs.DEFAULT_INIT) Object initCfg) {
        /** The shared head arguments. */
        public DecodeHeadArgs common() {
            return new DecodeHeadArgs(inChannels, channels, numClasses, dropoutRatio, convCfg, normCfg, actCfg,
                    inIndex, inputTransform, lossDecode, ignoreIndex, sampler, alignCorners, initCfg);
        }
    }

    private final Sequential imagePool;
    private final ModuleList asppModules;
    private final ConvModule bottleneck;

    public ASPPHead(BuildContext ctx, Options o) {
        this(ctx, o.common(), o.dilations());
    }

    /** An ASPPHead from the shared arguments and its dilation rates. */
    public ASPPHead(BuildContext ctx, DecodeHeadArgs args, int[] dilations) {
        super(ctx, args, "heads.ASPPHead");
        if (dilations.length == 0) {
            throw new IllegalArgumentException("dilations must not be empty");
        }
        int in = inChannels();
        imagePool = registerModule("image_pool", new Sequential(manager()));
        imagePool.add(new AdaptiveAvgPool2d(manager(), 1, 1));
        imagePool.add(convModule(in, channels(), 1, 0, 1));
        asppModules = registerModule("aspp_modules", new ModuleList(manager()));
        for (int d : dilations) {
            if (d <= 0) {
                throw new IllegalArgumentException("dilations must be positive, got " + d);
            }
            asppModules.add(d == 1 ? convModule(in, channels(), 1, 0, 1) : convModule(in, channels(), 3, d, d));
        }
        bottleneck = registerModule("bottleneck",
                convModule((dilations.length + 1) * channels(), channels(), 3, 1, 1));
        initWeights();
    }

    @Override
    protected NDArray decode(NDList inputs) {
        NDArray x = singleInput(inputs);
        NDList outs = new NDList(Resize.bilinearLike(imagePool.forward(x), x.getShape(), alignCorners()));
        for (Module m : asppModules.asList()) {
            outs.add(m.forward(x));
        }
        return clsSeg(bottleneck.forward(NDArrays.concat(outs, 1)));
    }

    @Override
    protected String exportDecode(OnnxGraph g, String x) {
        java.util.List<String> outs = new java.util.ArrayList<>();
        outs.add(OnnxResize.like(g, g.call(imagePool, x), x, "bilinear", alignCorners()));
        for (Module m : asppModules.asList()) {
            outs.add(g.call(m, x));
        }
        return exportClsSeg(g, g.call(bottleneck, g.node("Concat", outs, OnnxGraph.attrs("axis", 1L))));
    }
}
