package io.mgd.cls.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.cls.core.evaluation.Accuracy;
import io.mgd.cls.models.losses.ClsLoss;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.init.InitCfg;
import io.mgd.core.nn.init.InitWeights;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * mmcls 0.19 {@code ClsHead}: its input is already the class scores (the last element of the
 * features); it owns the loss ({@code compute_loss}) and optional training accuracy.
 */
public class ClsHead extends Module implements InitWeights, OnnxExportable {
    /** Config arguments, mmcls names and defaults. */
    public record Options(@Default("{type: CrossEntropyLoss, loss_weight: 1.0}") ConfigDict loss,
            @Default("[1]") int[] topk, @Default("false") boolean calAcc, @Default("null") Object initCfg) {
        public Options {
            for (int k : topk) {
                if (k <= 0) {
                    throw new IllegalArgumentException("Top-k should be larger than 0, got " + k);
                }
            }
        }
    }

    private final ClsLoss computeLoss;
    private final int[] topk;
    private final boolean calAcc;
    private final Object initCfg;

    /** Builds the head; the loss comes from the losses registry. */
    public ClsHead(BuildContext ctx, ConfigDict loss, int[] topk, boolean calAcc, Object initCfg) {
        super(ctx.manager());
        this.computeLoss = registerModule("compute_loss", (ClsLoss) ctx.build(Registries.LOSSES, loss));
        this.topk = topk.clone();
        this.calAcc = calAcc;
        this.initCfg = initCfg;
    }

    /** The tensor the classifier layer sees: the last element of the features. */
    public NDArray preLogits(NDList x) {
        return x.get(x.size() - 1);
    }

    /** Class scores (logits) from the features; identity for ClsHead. */
    public NDArray clsScore(NDList x) {
        return preLogits(x);
    }

    /**
     * mmcls {@code loss}: {@code loss} = compute_loss(score, label, avg_factor=N) and, with
     * cal_acc, {@code accuracy.top-k} entries (before {@code loss}, as mmcls's dict order).
     */
    public LinkedHashMap<String, NDArray> loss(NDArray clsScore, NDArray gtLabel) {
        LinkedHashMap<String, NDArray> losses = new LinkedHashMap<>();
        double n = clsScore.getShape().get(0);
        NDArray loss = computeLoss.loss(clsScore, gtLabel, null, n, null);
        if (calAcc) {
            List<NDArray> acc = Accuracy.accuracy(clsScore, gtLabel, topk);
            for (int i = 0; i < topk.length; i++) {
                losses.put("accuracy.top-" + topk[i], acc.get(i));
            }
        }
        losses.put("loss", loss);
        return losses;
    }

    /** Training losses from the features. */
    public LinkedHashMap<String, NDArray> forwardTrain(NDList x, NDArray gtLabel) {
        return loss(clsScore(x), gtLabel);
    }

    /** Softmax scores (N, C); mmcls {@code simple_test(post_process=False)}. */
    public NDArray simpleTest(NDList x) {
        return clsScore(x).softmax(1);
    }

    /** The logits, as mmcls heads' forward. */
    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(clsScore(inputs));
    }

    @Override
    public void initWeights() {
        InitCfg.apply(this, initCfg, "heads." + getClass().getSimpleName());
    }

    public int[] topk() {
        return topk.clone();
    }

    public ClsLoss computeLoss() {
        return computeLoss;
    }

    /** The logits, as the head's forward: {@link #exportScore} on the last feature. */
    @Override
    public final List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        return List.of(exportScore(g, inputs.get(inputs.size() - 1)));
    }

    /** ONNX form of {@link #clsScore} given the pre-logits value; identity for ClsHead. */
    protected String exportScore(OnnxGraph g, String preLogits) {
        return preLogits;
    }
}
