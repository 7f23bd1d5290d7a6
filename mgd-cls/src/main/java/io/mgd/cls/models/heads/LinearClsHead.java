package io.mgd.cls.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.layers.Linear;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;

/**
 * mmcls 0.19 {@code LinearClsHead}: {@code fc} = Linear(in_channels, num_classes) on the last
 * feature; keys {@code fc.weight}, {@code fc.bias}. Init: Normal(std 0.01) on Linear, bias 0.
 */
public final class LinearClsHead extends ClsHead {
    /** Config arguments, mmcls names and defaults. */
    public record Options(int numClasses, int inChannels,
            @Default("{type: Normal, layer: Linear, std: 0.01}") Object initCfg,
            @Default("{type: CrossEntropyLoss, loss_weight: 1.0}") ConfigDict loss,
            @Default("[1]") int[] topk, @Default("false") boolean calAcc) {
        public Options {
            if (numClasses <= 0) {
                throw new IllegalArgumentException("num_classes=" + numClasses + " must be a positive integer");
            }
            if (inChannels <= 0) {
                throw new IllegalArgumentException("in_channels=" + inChannels + " must be a positive integer");
            }
            new ClsHead.Options(loss, topk, calAcc, initCfg);
        }
    }

    private final Linear fc;

    public LinearClsHead(BuildContext ctx, Options o) {
        super(ctx, o.loss(), o.topk(), o.calAcc(), o.initCfg());
        this.fc = registerModule("fc", new Linear(ctx.manager(), o.inChannels(), o.numClasses(), true));
        initWeights();
    }

    @Override
    public NDArray clsScore(NDList x) {
        return fc.forward(preLogits(x));
    }

    public Linear fc() {
        return fc;
    }

    /** {@code fc} as {@code Gemm}. */
    @Override
    protected String exportScore(OnnxGraph g, String preLogits) {
        return g.call(fc, preLogits);
    }
}
