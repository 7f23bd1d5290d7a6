package io.mgd.core.optim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.Parameter;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libtorch starts every thread but the one that loaded DJL's engine with grad mode on, where an
 * in-place update of a parameter is an autograd error; optimizer steps switch it off themselves (like
 * torch's {@code @torch.no_grad()}) and restore it.
 */
class OptimizerThreadsTest {
    @ParameterizedTest
    @ValueSource(strings = {"SGD", "AdamW"})
    void stepsOnAThreadThatDidNotLoadTheEngine(String type) throws Exception {
        Engine.getInstance();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                assertTrue(JniUtils.isGradMode(), "libtorch's default on a new thread");
                Conv2d conv = new Conv2d(m, 2, 3, 1, 1, 0, 1, 1, true);
                Registries reg = Registries.load();
                ConfigDict cfg = ConfigDict.of("type", type, "lr", 0.1, "weight_decay", 0.01);
                OptimizerFactory f = (OptimizerFactory) reg.get(Registries.OPTIMIZERS).build(cfg, new BuildContext(reg, m));
                List<Parameter> params = new ArrayList<>(conv.namedParameters().values());
                Optimizer opt = f.create(List.of(new ParamGroup(List.of("weight", "bias"), params, java.util.Map.of())));
                float[] before = conv.weight().data().toFloatArray();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = conv.forward(new NDList(m.ones(new Shape(1, 2, 4, 4)))).head();
                    gc.backward(y.square().sum());
                }
                opt.step();
                assertFalse(Arrays.equals(before, conv.weight().data().toFloatArray()), "the step moved the weight");
                assertTrue(JniUtils.isGradMode(), "the step restores the thread's grad mode");
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        worker.join(60_000);
        assertFalse(worker.isAlive(), "the step finished");
        if (failure.get() != null) {
            throw new AssertionError(type + " on a new thread: " + failure.get(), failure.get());
        }
    }
}
