package io.mgd.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.ReLU;
import io.mgd.core.nn.layers.Sequential;
import io.mgd.core.optim.ParamGroup;
import io.mgd.core.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 1,000 training steps of a small conv net must not grow the number of live native arrays. */
class TrainingMemoryTest {

    @Test
    void thousandStepsKeepLiveArraysFlat() {
        Engine.getInstance().setRandomSeed(0);
        try (NDManager root = NDManager.newBaseManager(); NDManager model = root.newSubManager()) {
            Sequential net = new Sequential(model, List.of(
                    new Conv2d(model, 3, 8, 3, 1, 1, 1, 1, false), new BatchNorm2d(model, 8), new ReLU(model),
                    new Conv2d(model, 8, 4, 3, 1, 1, 1, 1, true)));
            List<String> names = new ArrayList<>(net.namedParameters().keySet());
            List<Parameter> params = new ArrayList<>(net.namedParameters().values());
            SGD sgd = new SGD(List.of(new ParamGroup(names, params,
                    Map.of("lr", 0.01, "momentum", 0.9, "weight_decay", 1e-4))));
            NDArray x = root.randomNormal(new Shape(4, 3, 8, 8));
            NDArray target = root.randomNormal(new Shape(4, 4, 8, 8));
            int modelArraysAfterWarmup = -1;
            int rootArraysAfterWarmup = -1;
            float firstLoss = 0;
            float lastLoss = 0;
            for (int step = 0; step < 1000; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    sgd.zeroGrad();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = net.forward(x).sub(target).square().mean();
                        gc.backward(loss);
                        lastLoss = loss.getFloat();
                        if (step == 0) {
                            firstLoss = lastLoss;
                        }
                    }
                    sgd.step();
                }
                if (step == 10) {
                    modelArraysAfterWarmup = count(model);
                    rootArraysAfterWarmup = count(root);
                }
            }
            assertEquals(modelArraysAfterWarmup, count(model), "model manager arrays grew");
            assertEquals(rootArraysAfterWarmup, count(root), "root manager arrays grew");
            assertTrue(lastLoss < firstLoss * 0.8, "training did not reduce the loss: " + firstLoss + " -> " + lastLoss);
        }
    }

    private static int count(NDManager m) {
        return ((BaseNDManager) m).getManagedArrays().size();
    }
}
