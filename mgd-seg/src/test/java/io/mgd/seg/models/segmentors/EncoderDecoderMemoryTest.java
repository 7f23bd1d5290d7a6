package io.mgd.seg.models.segmentors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.Parameter;
import io.mgd.core.optim.ParamGroup;
import io.mgd.core.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training steps and sliding-window evaluation of the toy segmentor inside per-step
 * {@link NDScope}s leave no arrays behind in the model's or the data's manager, and training
 * lowers the loss.
 */
class EncoderDecoderMemoryTest {
    @Test
    void stepsAndSlideInferenceDoNotLeak() {
        try (NDManager root = NDManager.newBaseManager(); NDManager modelManager = root.newSubManager()) {
            EncoderDecoder model = EncoderDecoderParityTest.build(modelManager, EncoderDecoderParityTest.modelCfg(
                    ConfigDict.of("mode", "slide", "crop_size", List.of(12L, 12L), "stride", List.of(8L, 8L)),
                    EncoderDecoderParityTest.auxCfg()));
            List<String> names = new ArrayList<>(model.trainableParameters().keySet());
            List<Parameter> params = new ArrayList<>(model.trainableParameters().values());
            SGD sgd = new SGD(List.of(new ParamGroup(names, params, Map.of("lr", 0.01, "momentum", 0.9))));
            NDArray img = root.randomNormal(new Shape(2, 3, 16, 20));
            NDArray gt = root.randomInteger(0, 5, new Shape(2, 1, 16, 20), ai.djl.ndarray.types.DataType.INT64);
            int modelArrays = -1;
            int rootArrays = -1;
            float first = 0;
            float last = 0;
            for (int step = 0; step < 30; step++) {
                model.train(true);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    sgd.zeroGrad();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        Map<String, NDArray> losses = model.forwardTrain(img, gt);
                        NDArray loss = losses.get("decode.loss_ce").add(losses.get("aux.loss_ce"));
                        gc.backward(loss);
                        last = loss.getFloat();
                        first = step == 0 ? last : first;
                    }
                    sgd.step();
                    model.eval();
                    model.simpleTest(img, List.of(ImgMeta.of(16, 20), ImgMeta.of(16, 20)), true);
                }
                if (step == 5) {
                    modelArrays = count(modelManager);
                    rootArrays = count(root);
                }
            }
            assertEquals(modelArrays, count(modelManager), "model manager arrays grew");
            assertEquals(rootArrays, count(root), "data manager arrays grew");
            assertTrue(last < first, "training did not lower the loss: " + first + " -> " + last);
        }
    }

    private static int count(NDManager m) {
        return ((BaseNDManager) m).getManagedArrays().size();
    }
}
