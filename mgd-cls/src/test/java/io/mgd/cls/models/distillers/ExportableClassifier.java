package io.mgd.cls.models.distillers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.models.TaskModel;
import io.mgd.core.models.backbones.ResNet;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.layers.Linear;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import java.util.List;
import java.util.Map;

/**
 * A distillable classifier made only of exportable modules: a {@code ResNet_CIFAR} backbone
 * ({@code backbone.layer4} last), global average pooling and {@code head.fc}; mean cross-entropy
 * logged as {@code loss}.
 */
final class ExportableClassifier extends Module implements TaskModel, OnnxExportable {
    record Options(@Default("16") int baseChannels, @Default("3") int numClasses) {}

    private final ResNet backbone;
    private final Linear fc;

    ExportableClassifier(BuildContext ctx, Options o) {
        super(ctx.manager());
        backbone = registerModule("backbone", (ResNet) ctx.build(Registries.BACKBONES, ConfigDict.of("type",
                "ResNet_CIFAR", "depth", 18, "base_channels", o.baseChannels())));
        fc = registerModule("fc", new Linear(ctx.manager(), backbone.featDim(), o.numClasses(), true));
    }

    @Override
    public NDList extractFeat(NDList inputs) {
        return backbone.forward(inputs);
    }

    private NDArray logits(NDList inputs) {
        NDList feats = extractFeat(inputs);
        NDArray last = feats.get(feats.size() - 1);
        return fc.forward(last.reshape(last.getShape().get(0), last.getShape().get(1), -1).mean(new int[] {2}));
    }

    @Override
    public Map<String, NDArray> forwardTrain(NDList inputs, Map<String, Object> targets) {
        NDArray logits = logits(inputs);
        NDArray oneHot = ((NDArray) targets.get("gt_label")).oneHot((int) logits.getShape().get(1));
        return Map.of("loss", logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean());
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        return new NDList(logits(inputs));
    }

    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        List<String> feats = g.call(backbone, inputs);
        String pooled = g.node("Flatten", List.of(g.node("GlobalAveragePool", feats.get(feats.size() - 1))),
                OnnxGraph.attrs("axis", 1));
        return List.of(g.call(fc, pooled));
    }
}
