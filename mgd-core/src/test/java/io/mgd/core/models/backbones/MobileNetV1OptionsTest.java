package io.mgd.core.models.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The small-image options of MobileNetV1 (in_channels, widen_factor, strides); defaults are covered by parity. */
class MobileNetV1OptionsTest {
    private static NDManager manager;
    private static Registries registries;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        registries = Registries.load();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static Module build(Object... cfg) {
        return new BuildContext(registries, manager).build(Registries.BACKBONES, ConfigDict.of(cfg));
    }

    @Test
    void makeDivisibleMatchesMmcls() {
        // mmcls make_divisible(value, 8): 32*0.125=4 -> 8 (min_value), 1024*0.125=128, 32*0.3=9.6 -> 8 (>= 0.9*9.6? no) -> 16
        assertEquals(8, MobileNetV1.makeDivisible(4, 8));
        assertEquals(128, MobileNetV1.makeDivisible(128, 8));
        assertEquals(16, MobileNetV1.makeDivisible(9.6, 8));
        assertEquals(24, MobileNetV1.makeDivisible(20, 8));
        assertEquals(40, MobileNetV1.makeDivisible(38.4, 8));
    }

    @Test
    void smallImageVariantHasTheRequestedChannelsAndStride() {
        MobileNetV1 m = (MobileNetV1) build("type", "MobileNetV1", "in_channels", 1, "widen_factor", 0.125,
                "strides", List.of(1, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1));
        assertEquals(128, m.featDim());
        assertEquals(new Shape(8, 1, 3, 3), m.stateDict().get("model.0.0.weight").getShape());
        assertEquals(new Shape(128, 64, 1, 1), m.stateDict().get("model.12.3.weight").getShape());
        assertEquals(new Shape(128, 1, 3, 3), m.stateDict().get("model.13.0.weight").getShape());
        m.eval();
        try (NDManager sub = manager.newSubManager()) {
            NDArray out = m.forward(sub.randomNormal(new Shape(2, 1, 28, 28)));
            assertEquals(new Shape(2, 128, 4, 4), out.getShape());
        }
    }

    @Test
    void defaultIsTheReferenceNetwork() {
        MobileNetV1 m = (MobileNetV1) build("type", "MobileNetV1");
        assertEquals(1024, m.featDim());
        assertEquals(new Shape(32, 3, 3, 3), m.stateDict().get("model.0.0.weight").getShape());
        assertEquals(new Shape(1024, 1024, 1, 1), m.stateDict().get("model.13.3.weight").getShape());
    }

    @Test
    void wrongStridesLengthNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> build("type", "MobileNetV1", "strides", List.of(1, 2)));
        assertTrue(e.getMessage().contains("MobileNetV1") && e.getMessage().contains("strides"), e.getMessage());
    }
}
