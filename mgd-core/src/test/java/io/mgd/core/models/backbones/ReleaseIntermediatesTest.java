package io.mgd.core.models.backbones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Freeing consumed intermediates during a forward ({@link io.mgd.core.nn.Intermediates}) must not
 * change outputs or gradients, must actually free arrays, and must keep whatever a forward hook
 * captured. The reference run registers a no-op hook on every module, which turns releasing off
 * everywhere.
 */
class ReleaseIntermediatesTest {
    private static final Registries REGISTRIES = Registries.load();

    /** Outputs, the parameters' gradients and the arrays left alive by one forward/backward. */
    private record Run(List<float[]> outputs, Map<String, float[]> grads, int liveAfterForward) {}

    private static Run run(Module model, NDManager root, boolean hookEverything) {
        List<Module.HookHandle> hooks = new ArrayList<>();
        if (hookEverything) {
            model.namedModules().values().forEach(m -> hooks.add(m.registerForwardHook((mod, in, out) -> { })));
        }
        model.namedParameters().values().forEach(p -> {
            if (p.grad() != null) {
                p.grad().muli(0);
            }
        });
        Engine.getInstance().setRandomSeed(3);
        try (NDManager step = root.newSubManager()) {
            NDArray x = step.randomNormal(new Shape(2, 3, 32, 32));
            List<float[]> outputs = new ArrayList<>();
            int live;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList outs = model.forward(new NDList(x));
                live = ((BaseNDManager) step).getManagedArrays().size();
                NDArray loss = null;
                for (NDArray o : outs) {
                    outputs.add(o.toFloatArray());
                    NDArray term = o.square().mean();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            Map<String, float[]> grads = new LinkedHashMap<>();
            model.namedParameters().forEach((k, p) -> {
                if (p.requiresGrad()) {
                    grads.put(k, p.grad().toFloatArray());
                }
            });
            return new Run(outputs, grads, live);
        } finally {
            hooks.forEach(Module.HookHandle::remove);
        }
    }

    private static void checkSameNumbersFewerArrays(Object... cfg) {
        try (NDManager root = NDManager.newBaseManager()) {
            Module model = new BuildContext(REGISTRIES, root).build(Registries.BACKBONES, ConfigDict.of(cfg));
            model.train(true);
            Run kept = run(model, root, true);
            Run freed = run(model, root, false);
            assertEquals(kept.outputs().size(), freed.outputs().size());
            for (int i = 0; i < kept.outputs().size(); i++) {
                assertArrayEquals(kept.outputs().get(i), freed.outputs().get(i), "output " + i);
            }
            assertEquals(kept.grads().keySet(), freed.grads().keySet());
            assertFalse(kept.grads().isEmpty());
            kept.grads().forEach((k, g) -> assertArrayEquals(g, freed.grads().get(k), "grad " + k));
            assertTrue(freed.liveAfterForward() < kept.liveAfterForward() / 2,
                    "arrays alive after the forward: " + freed.liveAfterForward() + " freeing vs "
                            + kept.liveAfterForward() + " keeping");
        }
    }

    @Test
    void basicBlockResNetGivesTheSameOutputsAndGradients() {
        checkSameNumbersFewerArrays("type", "ResNet", "depth", 18, "out_indices", List.of(1, 3));
    }

    @Test
    void bottleneckResNetWithDeepStemGivesTheSameOutputsAndGradients() {
        checkSameNumbersFewerArrays("type", "ResNetV1d", "depth", 50, "out_indices", List.of(0, 2, 3));
    }

    @Test
    void anOutputCapturedByAHookOnAnInnerModuleStaysOpen() {
        try (NDManager root = NDManager.newBaseManager()) {
            Module model = new BuildContext(REGISTRIES, root).build(Registries.BACKBONES,
                    ConfigDict.of("type", "ResNet", "depth", 18));
            model.train(true);
            List<NDArray> captured = new ArrayList<>();
            // bn1 of a block feeds its ReLU; without the hook check it would be closed right away.
            model.registerForwardHook("layer2.0.bn1", (m, in, out) -> captured.add(out.head()));
            model.registerForwardHook("layer3.1.relu", (m, in, out) -> captured.add(in.head()));
            try (NDManager step = root.newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList outs = model.forward(new NDList(step.randomNormal(new Shape(2, 3, 32, 32))));
                assertEquals(3, captured.size(), "layer3.1.relu runs twice per block");
                for (NDArray a : captured) {
                    // A closed array would throw here.
                    assertEquals(a.getShape().size(), a.toFloatArray().length);
                }
                gc.backward(outs.get(outs.size() - 1).mean());
            }
        }
    }
}
