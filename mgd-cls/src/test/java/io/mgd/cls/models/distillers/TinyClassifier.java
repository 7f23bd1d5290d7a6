package io.mgd.cls.models.distillers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.models.TaskModel;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.Linear;
import io.mgd.core.registry.Default;
import java.util.Map;

/**
 * A test stand-in for mmcls's ImageClassifier: {@code backbone} (conv1/bn1 stem, {@code layer1},
 * {@code layer2}, returning both stage outputs like a ResNet with out_indices (0, 1)), global
 * average pooling, {@code head.fc} and a mean cross-entropy logged as {@code loss}.
 */
final class TinyClassifier extends Module implements TaskModel {
    record Options(@Default("[4, 8]") int[] widths, @Default("[1, 2]") int[] strides, @Default("3") int numClasses) {}

    private final Backbone backbone;
    private final Head head;

    TinyClassifier(NDManager manager, Options o) {
        super(manager);
        backbone = registerModule("backbone", new Backbone(manager, o.widths(), o.strides()));
        head = registerModule("head", new Head(manager, o.widths()[1], o.numClasses()));
    }

    @Override
    public NDList extractFeat(NDList inputs) {
        return backbone.forward(inputs);
    }

    @Override
    public Map<String, NDArray> forwardTrain(NDList inputs, Map<String, Object> targets) {
        NDList feats = extractFeat(inputs);
        NDArray logits = head.forward(feats.get(feats.size() - 1).mean(new int[] {3}).mean(new int[] {2}));
        NDArray labels = (NDArray) targets.get("gt_label");
        NDArray oneHot = labels.oneHot((int) logits.getShape().get(1));
        NDArray loss = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
        return Map.of("loss", loss);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDList feats = extractFeat(inputs);
        return head.forward(new NDList(feats.get(feats.size() - 1).mean(new int[] {3}).mean(new int[] {2})));
    }

    static final class Backbone extends Module {
        private final Conv2d conv1;
        private final BatchNorm2d bn1;
        private final Conv2d layer1;
        private final Conv2d layer2;

        Backbone(NDManager m, int[] widths, int[] strides) {
            super(m);
            conv1 = registerModule("conv1", new Conv2d(m, 3, widths[0], 3, 1, 1, 1, 1, false));
            bn1 = registerModule("bn1", new BatchNorm2d(m, widths[0]));
            layer1 = registerModule("layer1", new Conv2d(m, widths[0], widths[0], 3, strides[0], 1, 1, 1, true));
            layer2 = registerModule("layer2", new Conv2d(m, widths[0], widths[1], 3, strides[1], 1, 1, 1, true));
        }

        @Override
        protected NDList forwardInternal(NDList inputs) {
            NDArray x = ai.djl.nn.Activation.relu(bn1.forward(conv1.forward(inputs.head())));
            NDArray x1 = ai.djl.nn.Activation.relu(layer1.forward(x));
            NDArray x2 = ai.djl.nn.Activation.relu(layer2.forward(x1));
            return new NDList(x1, x2);
        }
    }

    static final class Head extends Module {
        private final Linear fc;

        Head(NDManager m, int in, int classes) {
            super(m);
            fc = registerModule("fc", new Linear(m, in, classes, true));
        }

        @Override
        protected NDList forwardInternal(NDList inputs) {
            return fc.forward(inputs);
        }
    }
}
