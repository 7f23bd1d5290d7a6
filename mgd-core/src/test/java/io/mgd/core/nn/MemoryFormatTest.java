package io.mgd.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.Fixtures;
import io.mgd.core.testing.Layouts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryFormatTest {
    @Test
    void channelsLastKeepsShapeAndValuesAndStoresNhwc() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 5, 7));
            NDArray y = MemoryFormat.CHANNELS_LAST.apply(x);
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray());
            assertTrue(Layouts.isContiguous(x));
            assertFalse(Layouts.isContiguous(y));
            assertTrue(Layouts.isChannelsLast(y));
            // Applying it again keeps the layout and the values.
            NDArray z = MemoryFormat.CHANNELS_LAST.apply(y);
            assertTrue(Layouts.isChannelsLast(z));
            assertArrayEquals(x.toFloatArray(), z.toFloatArray());
            // Batch of one: still converted.
            NDArray one = MemoryFormat.CHANNELS_LAST.apply(m.randomNormal(new Shape(1, 3, 4, 4)));
            assertTrue(Layouts.isChannelsLast(one));
        }
    }

    @Test
    void contiguousFormatTurnsAChannelsLastArrayBackIntoRowMajor() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 5, 7));
            NDArray nhwc = MemoryFormat.CHANNELS_LAST.apply(x);
            NDArray back = MemoryFormat.CONTIGUOUS_FORMAT.apply(nhwc);
            assertTrue(Layouts.isContiguous(back));
            assertArrayEquals(x.toFloatArray(), back.toFloatArray());
            // An array already in row-major order comes back as an equal row-major array.
            NDArray same = MemoryFormat.CONTIGUOUS_FORMAT.apply(x);
            assertTrue(Layouts.isContiguous(same));
            assertArrayEquals(x.toFloatArray(), same.toFloatArray());
        }
    }

    @Test
    void returnsTheInputWhereTheLayoutsCoincideOrDoNotApply() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray threeD = m.randomNormal(new Shape(3, 5, 7));
            assertSame(threeD, MemoryFormat.CHANNELS_LAST.apply(threeD));
            NDArray oneChannel = m.randomNormal(new Shape(2, 1, 5, 7));
            assertSame(oneChannel, MemoryFormat.CHANNELS_LAST.apply(oneChannel));
            NDArray onePixel = m.randomNormal(new Shape(2, 8, 1, 1));
            assertSame(onePixel, MemoryFormat.CHANNELS_LAST.apply(onePixel));
        }
    }

    @Test
    void configKeyUsesTorchNamesAndDefaultsToChannelsLast() {
        assertEquals(MemoryFormat.CHANNELS_LAST, MemoryFormat.fromConfig(ConfigDict.of()));
        assertEquals(MemoryFormat.CHANNELS_LAST, MemoryFormat.fromConfig(ConfigDict.of("memory_format", null)));
        assertEquals(MemoryFormat.CONTIGUOUS_FORMAT,
                MemoryFormat.fromConfig(ConfigDict.of("memory_format", "contiguous_format")));
        assertEquals(MemoryFormat.CHANNELS_LAST,
                MemoryFormat.fromConfig(ConfigDict.of("memory_format", "torch.channels_last")));
        assertEquals("channels_last", MemoryFormat.CHANNELS_LAST.torchName());
    }

    @Test
    void anUnknownValueNamesTheKeyAndTheAllowedValues() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> MemoryFormat.fromConfig(ConfigDict.of("memory_format", "nhwc")));
        assertEquals("config key 'memory_format' must be one of [contiguous_format, channels_last], got 'nhwc'",
                e.getMessage());
        ConfigException notString = assertThrows(ConfigException.class,
                () -> MemoryFormat.fromConfig(ConfigDict.of("memory_format", 3L)));
        assertTrue(notString.getMessage().contains("'memory_format' must be a string"), notString.getMessage());
    }

    /** Outputs and every parameter gradient of one training forward/backward of a ResNet-18. */
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
                result.put("out" + i + ".channels_last", Layouts.isChannelsLast(o) ? out.ones(new Shape(1))
                        : out.zeros(new Shape(1)));
                NDArray term = o.square().mean();
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
        model.namedParameters().forEach((k, p) -> result.put("grad." + k, p.grad().duplicate()));
        result.values().forEach(a -> a.attach(out));
        return result;
    }

    @Test
    void aChannelsLastBatchRunsAResNetChannelsLastWithTheSameOutputsAndGradients() {
        try (NDManager root = NDManager.newBaseManager()) {
            Module model = new BuildContext(Registries.load(), root).build(Registries.BACKBONES,
                    ConfigDict.of("type", "ResNet", "depth", 18, "out_indices", List.of(1, 3)));
            model.train(true);
            Engine.getInstance().setRandomSeed(5);
            NDArray x = root.randomNormal(new Shape(4, 3, 64, 64));
            // Train mode normalises with batch statistics, so the running statistics the first run
            // updated do not change the second run's numbers.
            Map<String, NDArray> nchw = trainStep(model, x, root);
            Map<String, NDArray> nhwc = trainStep(model, MemoryFormat.CHANNELS_LAST.apply(x), root);
            assertEquals(nchw.keySet(), nhwc.keySet());
            for (String k : nchw.keySet()) {
                if (k.endsWith(".channels_last")) {
                    assertEquals(0f, nchw.get(k).getFloat(), "contiguous input: " + k);
                    assertEquals(1f, nhwc.get(k).getFloat(), "channels-last input must stay channels-last: " + k);
                } else {
                    Fixtures.assertAllCloseRelative(nchw.get(k), nhwc.get(k), 1e-4, k);
                }
            }
        }
    }
}
