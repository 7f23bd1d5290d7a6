package io.mgd.seg.models.decode_heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.bricks.ConvModule;
import io.mgd.core.nn.layers.Identity;
import io.mgd.core.nn.layers.Sequential;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;

/**
 * mmseg {@code FCNHead}: {@code convs} is a Sequential of {@code num_convs} ConvModules (k×k,
 * dilation d, padding (k/2)·d; the first in→channels, then channels→channels), or Identity when
 * {@code num_convs=0} (then in_channels must equal channels); with {@code concat_input}
 * {@code conv_cat} (k×k, padding k/2, in+channels → channels) runs on [x, convs(x)]; then dropout
 * and {@code conv_seg}. The MGD auxiliary head: {@code num_convs=1, concat_input=False}, keys
 * {@code convs.0.conv}, {@code convs.0.bn}, {@code conv_seg}.
 */
public final class FCNHead extends BaseDecodeHead {
    /** Config arguments: the FCN options plus the {@link DecodeHeadArgs}, mmseg defaults. */
    public record Options(@Default("2") int numConvs, @Default("3") int kernelSize,
            @Default("true") boolean concatInput, @Default("1") int dilation,
            Object inChannels, int channels, int numClasses, @Default("0.1") double dropoutRatio,
            @Default("null") ConfigDict convCfg, @Default("null") ConfigDict normCfg,
            @Default("{type: ReLU}") ConfigDict actCfg, @Default("-1") Object inIndex,
            @Default("null") String inputTransform, @Default(DecodeHeadArgs.DEFAULT_LOSS) Object lossDecode,
            @Default("255") int ignoreIndex, @Default("null") ConfigDict sampler,
            @Default("false") boolean alignCorners, @Default(DecodeHeadArgs.DEFAULT_INIT) Object initCfg) {
        public Options {
            if (numConvs < 0 || dilation <= 0) {
                throw new IllegalArgumentException("num_convs must be >= 0 and dilation > 0, got num_convs="
                        + numConvs + ", dilation=" + dilation);
            }
        }

        /** The shared head arguments. */
        public DecodeHeadArgs common() {
            return new DecodeHeadArgs(inChannels, channels, numClasses, dropoutRatio, convCfg, normCfg, actCfg,
                    inIndex, inputTransform, lossDecode, ignoreIndex, sampler, alignCorners, initCfg);
        }
    }

    private final Module convs;
    private final ConvModule convCat;

    public FCNHead(BuildContext ctx, Options o) {
        super(ctx, o.common(), "heads.FCNHead");
        int in = inChannels();
        int k = o.kernelSize();
        if (o.numConvs() == 0) {
            if (in != channels()) {
                throw new IllegalArgumentException("num_convs=0 needs in_channels == channels, got "
                        + in + " and " + channels());
            }
            convs = registerModule("convs", new Identity(manager()));
        } else {
            Sequential seq = new Sequential(manager());
            int pad = (k / 2) * o.dilation();
            for (int i = 0; i < o.numConvs(); i++) {
                seq.add(convModule(i == 0 ? in : channels(), channels(), k, pad, o.dilation()));
            }
            convs = registerModule("convs", seq);
        }
        convCat = o.concatInput() ? registerModule("conv_cat", convModule(in + channels(), channels(), k, k / 2, 1))
                : null;
        initWeights();
    }

    @Override
    protected NDArray decode(NDList inputs) {
        NDArray x = singleInput(inputs);
        NDArray out = convs.forward(x);
        if (convCat != null) {
            out = convCat.forward(NDArrays.concat(new NDList(x, out), 1));
        }
        return clsSeg(out);
    }

    @Override
    protected String exportDecode(OnnxGraph g, String x) {
        String out = g.call(convs, x);
        if (convCat != null) {
            out = g.call(convCat, g.node("Concat", java.util.List.of(x, out), OnnxGraph.attrs("axis", 1L)));
        }
        return exportClsSeg(g, out);
    }
}
