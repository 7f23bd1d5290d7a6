package io.mgd.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTest {
    record Opts(int depth, @Default("3") int inChannels, @Default("[1, 2, 2, 2]") int[] strides,
            @Default("{type: BN, requires_grad: true}") ConfigDict normCfg, @Default("null") String style,
            @Default("[0.5, 1.0]") List<Double> ratios) {
        Opts {
            if (depth != 18 && depth != 50) {
                throw new IllegalArgumentException("invalid depth " + depth + " for resnet");
            }
        }
    }

    static final RegistryKey<Object> THINGS = new RegistryKey<>("things", Object.class);

    private static Registries registries() {
        return Guice.createInjector(new RegistryModule() {
            @Override
            protected void registerComponents() {
                register(THINGS, "ResNet", Opts.class, (o, ctx) -> o);
            }
        }).getInstance(Registries.class);
    }

    private static Opts build(ConfigDict cfg) {
        return (Opts) registries().get(THINGS).build(cfg, new BuildContext(registries(), null));
    }

    @Test
    void bindsArgumentsAndDefaults() {
        Opts o = build(ConfigDict.of("type", "ResNet", "depth", 18, "ratios", List.of(1, 2.5)));
        assertEquals(18, o.depth());
        assertEquals(3, o.inChannels());
        assertArrayEquals(new int[] {1, 2, 2, 2}, o.strides());
        assertEquals("BN", o.normCfg().get("type"));
        assertEquals(true, o.normCfg().get("requires_grad"));
        assertNull(o.style());
        assertEquals(List.of(1.0, 2.5), o.ratios());
    }

    @Test
    void defaultArgsFillAbsentKeysOnly() {
        Registries r = registries();
        Opts o = (Opts) r.get(THINGS).build(ConfigDict.of("type", "ResNet", "depth", 50),
                new BuildContext(r, null), ConfigDict.of("depth", 18, "in_channels", 1));
        assertEquals(50, o.depth());
        assertEquals(1, o.inChannels());
    }

    @Test
    void unknownTypeNamesRegistryAndClosest() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> build(ConfigDict.of("type", "ResNt", "depth", 18)));
        assertTrue(e.getMessage().contains("'ResNt' is not in the things registry"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'ResNet'"), e.getMessage());
    }

    @Test
    void unknownArgumentListsValidOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> build(ConfigDict.of("type", "ResNet", "dept", 18)));
        assertTrue(e.getMessage().startsWith("things.ResNet: unexpected argument 'dept' (did you mean 'depth'?)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("[depth, in_channels, strides, norm_cfg, style, ratios]"), e.getMessage());
    }

    @Test
    void missingRequiredAndWrongTypeAndValidation() {
        assertTrue(assertThrows(ConfigException.class, () -> build(ConfigDict.of("type", "ResNet")))
                .getMessage().contains("missing required argument 'depth'"));
        assertTrue(assertThrows(ConfigException.class, () -> build(ConfigDict.of("type", "ResNet", "depth", "18")))
                .getMessage().contains("argument 'depth' expects an int, got string '18'"));
        assertEquals("things.ResNet: invalid depth 34 for resnet",
                assertThrows(ConfigException.class, () -> build(ConfigDict.of("type", "ResNet", "depth", 34)))
                        .getMessage());
    }
}
