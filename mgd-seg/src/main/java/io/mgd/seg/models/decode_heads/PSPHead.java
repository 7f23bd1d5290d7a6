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
 * mmseg {@code PSPHead} (PSPNet). {@code psp_modules.k} is Sequential[AdaptiveAvgPool2d(s_k),
 * ConvModule 1×1 in→channels] (keys {@code psp_modules.k.1.conv.weight}, {@code
 * psp_modules.k.1.bn.*}); each branch is resized bilinearly back to the input size; the
 * concatenation [x, s_1, …] goes through {@code bottleneck} (3×3 ConvModule, pad 1, in + K·channels
 * → channels), then dropout and {@code conv_seg}.
 */
public final class PSPHead extends BaseDecodeHead {
    /** Config arguments: {@code pool_scales} plus the {@link DecodeHeadArgs}, mmseg defaults. */
    public record Options(@Default("[1, 2, 3, 6]") int[] poolScales,
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

    private final ModuleList pspModules;
    private final ConvModule bottleneck;

    public PSPHead(BuildContext ctx, Options o) {
        this(ctx, o.common(), o.poolScales());
    }

    /** A PSPHead from the shared arguments and its pooling scales. */
    public PSPHead(BuildContext ctx, DecodeHeadArgs args, int[] poolScales) {
        super(ctx, args, "heads.PSPHead");
        if (poolScales.length == 0) {
            throw new IllegalArgumentException("pool_scales must not be empty");
        }
        int in = inChannels();
        pspModules = registerModule("psp_modules", new ModuleList(manager()));
        for (int s : poolScales) {
            if (s <= 0) {
                throw new IllegalArgumentException("pool scales must be positive, got " + s);
            }
            Sequential branch = new Sequential(manager());
            branch.add(new AdaptiveAvgPool2d(manager(), s, s));
            branch.add(convModule(in, channels(), 1, 0, 1));
            pspModules.add(branch);
        }
        bottleneck = registerModule("bottleneck",
                convModule(in + poolScales.length * channels(), channels(), 3, 1, 1));
        initWeights();
    }

    @Override
    protected NDArray decode(NDList inputs) {
        NDArray x = singleInput(inputs);
        NDList outs = new NDList(x);
        for (Module branch : pspModules.asList()) {
            outs.add(Resize.bilinearLike(branch.forward(x), x.getShape(), alignCorners()));
        }
        return clsSeg(bottleneck.forward(NDArrays.concat(outs, 1)));
    }

    @Override
    protected String exportDecode(OnnxGraph g, String x) {
        java.util.List<String> outs = new java.util.ArrayList<>(java.util.List.of(x));
        for (Module branch : pspModules.asList()) {
            outs.add(OnnxResize.like(g, g.call(branch, x), x, "bilinear", alignCorners()));
        }
        return exportClsSeg(g, g.call(bottleneck, g.node("Concat", outs, OnnxGraph.attrs("axis", 1L))));
    }
}
