package io.mgd.core.models.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.Fixtures;
import io.mgd.core.testing.Layouts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared backbone, at full and at the tiny widths the Fashion-MNIST configs and tests use,
 * trains on a channels-last batch (the default {@code memory_format}) with the outputs and
 * parameter gradients of NCHW. Tiny widths matter: oneDNN's kernels differ by channel count, and
 * one of them corrupted memory on channels-last input (see {@code Conv2d}). Each case runs on its
 * own thread under a timeout so that a hang in native code fails the case, not the build.
 */
class ChannelsLastBackbonesTest {
    /**
     * Loads the engine on JUnit's main thread before any case runs on a timeout thread: DJL switches
     * grad mode off only on the loading thread, and the other test classes share this JVM's main thread.
     */
    @BeforeAll
    static void loadEngineOnTheMainThread() {
        Engine.getInstance();
    }

    static Stream<Arguments> backbones() {
        return Stream.of(
                // name, config, whether every output must stay channels-last
                Arguments.of("ResNet-18", ConfigDict.of("type", "ResNet", "depth", 18, "out_indices", List.of(1, 3)),
                        true),
                Arguments.of("ResNet-18 width 4", ConfigDict.of("type", "ResNet", "depth", 18, "stem_channels", 4,
                        "base_channels", 4, "out_indices", List.of(0, 1, 2, 3)), false),
                Arguments.of("ResNet_CIFAR-18 width 4", ConfigDict.of("type", "ResNet_CIFAR", "depth", 18,
                        "stem_channels", 4, "base_channels", 4), false),
                Arguments.of("ResNetV1c-18 d8 width 8", ConfigDict.of("type", "ResNetV1c", "depth", 18,
                        "stem_channels", 8, "base_channels", 8, "out_indices", List.of(0, 1, 2, 3),
                        "strides", List.of(1, 2, 1, 1), "dilations", List.of(1, 1, 2, 4), "contract_dilation", true),
                        false),
                Arguments.of("ResNetV1d-50 width 4", ConfigDict.of("type", "ResNetV1d", "depth", 50,
                        "stem_channels", 4, "base_channels", 4), false),
                Arguments.of("ResNeXt-50 4x2d", ConfigDict.of("type", "ResNeXt", "depth", 50, "groups", 4,
                        "base_width", 2, "out_indices", List.of(3)), false),
                Arguments.of("MobileNetV1 x0.125", ConfigDict.of("type", "MobileNetV1", "widen_factor", 0.125),
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backbones")
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void trainsOnAChannelsLastBatchWithTheOutputsAndGradientsOfNchw(String name, ConfigDict cfg,
            boolean staysChannelsLast) {
        try (NDManager root = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Module model = new BuildContext(Registries.load(), root).build(Registries.BACKBONES, cfg);
            model.train(true);
            NDArray x = root.randomNormal(new Shape(4, 3, 64, 64));
            // Train mode normalises with batch statistics, so the running statistics the first run
            // updated do not change the second run's numbers.
            Map<String, NDArray> nchw = trainStep(model, x, root);
            Map<String, NDArray> nhwc = trainStep(model, MemoryFormat.CHANNELS_LAST.apply(x), root);
            assertEquals(nchw.keySet(), nhwc.keySet());
            for (String k : nchw.keySet()) {
                if (k.endsWith(".channels_last")) {
                    assertEquals(0f, nchw.get(k).getFloat(), name + ": contiguous input: " + k);
                    if (staysChannelsLast) {
                        assertEquals(1f, nhwc.get(k).getFloat(), name + ": channels-last input must stay so: " + k);
                    }
                } else {
                    // Float rounding differs with the layout (summation order). Normalisation layers'
                    // 1-D gradients (γ: a sum of dy·x̂ that cancels to ~1e-3 of its terms) show it most:
                    // up to ~1e-2 relative at width 8, as much as a 1e-6 change of the input moves them.
                    // Convolution weights and outputs stay within 1e-4 (width 8: 2e-4); the layout bug
                    // this guards against was off by 0.2.
                    double rtol = nchw.get(k).getShape().dimension() == 1 ? 3e-2 : 1e-3;
                    Fixtures.assertAllCloseRelative(nchw.get(k), nhwc.get(k), rtol, name + ": " + k);
                }
            }
        }
    }

    /** Outputs, their layouts and every parameter gradient of one training forward/backward. */
    private static Map<String, NDArray> trainStep(Module model, NDArray x, NDManager out) {
        model.namedParameters().values().forEach(p -> {
            if (p.grad() != null) {
                p.grad().muli(0);
            }
        });
        Map<String, NDArray> result = new LinkedHashMap<>();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList outs = model.forward(new NDList(x));
            NDArray loss = null;
            for (int i = 0; i < outs.size(); i++) {
                NDArray o = outs.get(i);
                result.put("out" + i, o.duplicate());
                boolean cl = Layouts.isChannelsLast(o) && !Layouts.isContiguous(o);
                result.put("out" + i + ".channels_last", cl ? out.ones(new Shape(1)) : out.zeros(new Shape(1)));
                NDArray term = o.square().mean();
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
        model.namedParameters().forEach((k, p) -> result.put("grad." + k, p.grad().duplicate()));
        result.values().forEach(a -> a.attach(out));
        return result;
    }
}
