package io.mgd.core.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.GroupNorm;
import io.mgd.core.nn.layers.Linear;
import io.mgd.core.nn.layers.Sequential;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mmcv 1.x init_cfg semantics: layer matching by class and base names, override, bias_prob. */
class InitCfgTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(3);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** mmcv's docstring example: feat/reg/cls convs plus a norm, a linear and a nested block. */
    private final class FooNet extends Module {
        final Conv2d feat = registerModule("feat", new Conv2d(manager, 3, 16, 3, 1, 0, 1, 1, true));
        final Conv2d reg = registerModule("reg", new Conv2d(manager, 16, 10, 3, 1, 0, 1, 1, true));
        final Conv2d cls = registerModule("cls", new Conv2d(manager, 16, 5, 3, 1, 0, 1, 1, true));
        final BatchNorm2d bn = registerModule("bn", new BatchNorm2d(manager, 16));
        final GroupNorm gn = registerModule("gn", new GroupNorm(manager, 2, 16, 1e-5f));
        final Linear fc = registerModule("fc", new Linear(manager, 16, 4, true));
        final Sequential block = registerModule("block", new Sequential(manager,
                List.of(new Conv2d(manager, 4, 4, 1, 1, 0, 1, 1, false), new BatchNorm2d(manager, 4))));

        FooNet() {
            super(InitCfgTest.this.manager);
        }

        @Override
        protected NDList forwardInternal(NDList inputs) {
            return inputs;
        }
    }

    private static void assertFilled(Parameter p, double value, String what) {
        NDArray d = p.data();
        assertEquals(value, d.min().getFloat(), 1e-6, what);
        assertEquals(value, d.max().getFloat(), 1e-6, what);
    }

    private static boolean isConstant(Parameter p) {
        return p.data().max().getFloat() == p.data().min().getFloat();
    }

    @Test
    void constantWithOverrideAsInMmcvDocstring() {
        FooNet net = new FooNet();
        InitCfg.apply(net, ConfigDict.of("type", "Constant", "val", 1, "bias", 2, "layer", "Conv2d",
                "override", ConfigDict.of("type", "Constant", "name", "reg", "val", 3, "bias", 4)));
        assertFilled(net.feat.weight(), 1, "feat.weight");
        assertFilled(net.feat.bias(), 2, "feat.bias");
        assertFilled(net.cls.weight(), 1, "cls.weight");
        assertFilled(net.reg.weight(), 3, "reg.weight");
        assertFilled(net.reg.bias(), 4, "reg.bias");
        assertFilled(((Conv2d) net.block.get(0)).weight(), 1, "block.0.weight (nested Conv2d)");
        assertFalse(isConstant(net.fc.weight()), "Linear is not selected by layer='Conv2d'");
    }

    @Test
    void baseClassNamesSelectNormsAndConvs() {
        FooNet net = new FooNet();
        InitCfg.apply(net, List.of(
                ConfigDict.of("type", "Kaiming", "layer", "_ConvNd"),
                ConfigDict.of("type", "Constant", "val", 0.5, "bias", 0.25, "layer", List.of("_BatchNorm", "GroupNorm"))));
        assertFilled(net.bn.weight(), 0.5, "bn.weight");
        assertFilled(net.bn.bias(), 0.25, "bn.bias");
        assertFilled(net.gn.ownParameters().get("weight"), 0.5, "gn.weight");
        assertFilled(((BatchNorm2d) net.block.get(1)).weight(), 0.5, "block.1.weight");
        assertFilled(net.feat.bias(), 0, "Kaiming sets bias to 0");
        assertFalse(isConstant(net.fc.weight()));
    }

    @Test
    void kaimingFanOutNormalHasTheRightStd() {
        Conv2d conv = new Conv2d(manager, 64, 128, 3, 1, 1, 1, 1, false);
        InitCfg.apply(conv, ConfigDict.of("type", "Kaiming", "layer", "Conv2d"));
        double expected = Math.sqrt(2.0 / (128 * 9)); // gain(relu)/sqrt(fan_out)
        NDArray w = conv.weight().data();
        double std = w.sub(w.mean()).square().mean().sqrt().getFloat();
        assertEquals(expected, std, expected * 0.03);
        assertEquals(0, w.mean().getFloat(), expected * 0.03);

        InitCfg.apply(conv, ConfigDict.of("type", "Kaiming", "layer", "Conv2d", "mode", "fan_in",
                "distribution", "uniform"));
        double bound = Math.sqrt(3.0) * Math.sqrt(2.0 / (64 * 9));
        NDArray u = conv.weight().data();
        assertTrue(u.max().getFloat() <= bound && u.min().getFloat() >= -bound, "kaiming_uniform bound");
        assertTrue(u.max().getFloat() > bound * 0.95, "uniform spans its bound");
    }

    @Test
    void xavierUniformNormalAndTruncNormalRanges() {
        Linear lin = new Linear(manager, 300, 200, true);
        InitCfg.apply(lin, ConfigDict.of("type", "Xavier", "layer", "Linear", "distribution", "uniform", "gain", 2.0));
        double bound = 2.0 * Math.sqrt(6.0 / 500);
        assertTrue(lin.weight().data().abs().max().getFloat() <= bound);
        assertTrue(lin.weight().data().abs().max().getFloat() > bound * 0.95);
        InitCfg.apply(lin, ConfigDict.of("type", "Normal", "layer", "Linear", "mean", 1.0, "std", 0.01));
        assertEquals(1.0, lin.weight().data().mean().getFloat(), 1e-3);
        InitCfg.apply(lin, ConfigDict.of("type", "Uniform", "layer", "Linear", "a", -0.1, "b", 0.3));
        assertTrue(lin.weight().data().min().getFloat() >= -0.1 && lin.weight().data().max().getFloat() <= 0.3);
        InitCfg.apply(lin, ConfigDict.of("type", "TruncNormal", "layer", "Linear", "std", 1.0, "a", -0.5, "b", 0.5));
        assertTrue(lin.weight().data().abs().max().getFloat() <= 0.5);
        assertTrue(lin.weight().data().abs().max().getFloat() > 0.45);
    }

    @Test
    void biasProbAndOverrideWithOnlyANameReusesTheOuterArguments() {
        FooNet net = new FooNet();
        InitCfg.apply(net, ConfigDict.of("type", "Normal", "std", 0.01, "bias_prob", 0.01, "layer", "Conv2d",
                "override", ConfigDict.of("name", "fc")));
        assertFilled(net.cls.bias(), -Math.log(99), "bias_init_with_prob(0.01)");
        assertFilled(net.fc.bias(), -Math.log(99), "override reuses bias_prob");
        assertEquals(0, net.fc.weight().data().mean().getFloat(), 0.005);
        assertTrue(net.fc.weight().data().abs().max().getFloat() < 0.06, "fc got Normal(0, 0.01)");
    }

    @Test
    void overrideInitialisesTheWholeChildWhateverTheType() {
        FooNet net = new FooNet();
        InitCfg.apply(net, ConfigDict.of("type", "Constant", "val", 0, "layer", "Linear",
                "override", List.of(ConfigDict.of("type", "Constant", "name", "block", "val", 5))));
        assertFilled(((Conv2d) net.block.get(0)).weight(), 5, "block.0 conv");
        assertFilled(((BatchNorm2d) net.block.get(1)).weight(), 5, "block.1 bn");
        assertFilled(net.fc.weight(), 0, "fc");
    }

    @Test
    void sharedCfgIsNotMutated() {
        ConfigDict cfg = ConfigDict.of("type", "Constant", "val", 1, "layer", "Conv2d",
                "override", ConfigDict.of("name", "reg"));
        ConfigDict before = cfg.deepCopy();
        InitCfg.apply(new FooNet(), cfg);
        InitCfg.apply(new FooNet(), cfg);
        assertEquals(before, cfg);
    }

    @Test
    void pretrainedDelegatesToTheLoaderOrFailsClearly() {
        FooNet net = new FooNet();
        ConfigDict cfg = ConfigDict.of("type", "Pretrained", "checkpoint", "torchvision://resnet50", "prefix", "backbone.");
        MgdException e = assertThrows(MgdException.class, () -> InitCfg.apply(net, cfg));
        assertTrue(e.getMessage().contains("torchvision://resnet50") && e.getMessage().contains("loader"), e.getMessage());
        List<String> calls = new ArrayList<>();
        InitCfg.apply(net, cfg, (m, ckpt, prefix) -> calls.add(m.getClass().getSimpleName() + " " + ckpt + " " + prefix));
        assertEquals(List.of("FooNet torchvision://resnet50 backbone."), calls);
    }

    @Test
    void badConfigsNameTheProblem() {
        FooNet net = new FooNet();
        assertMessage(() -> InitCfg.apply(net, ConfigDict.of("type", "Kaming", "layer", "Conv2d")), "Kaming");
        assertMessage(() -> InitCfg.apply(net, ConfigDict.of("type", "Normal", "sdt", 1.0)), "sdt");
        assertMessage(() -> InitCfg.apply(net, ConfigDict.of("type", "Constant", "val", 1,
                "override", ConfigDict.of("val", 2))), "\"name\"");
        assertMessage(() -> InitCfg.apply(net, ConfigDict.of("type", "Constant", "val", 1,
                "override", ConfigDict.of("name", "reg", "val", 2))), "\"type\"");
        assertMessage(() -> InitCfg.apply(net, ConfigDict.of("type", "Constant", "val", 1,
                "override", ConfigDict.of("name", "nope"))), "nope");
        assertMessage(() -> InitCfg.apply(net, ConfigDict.of("type", "Constant", "val", 1, "bias", "x")), "bias");
        assertMessage(() -> InitCfg.apply(net, ConfigDict.of("type", "Constant", "layer", "Conv2d")), "val");
        assertMessage(() -> InitCfg.apply(net, ConfigDict.of("type", "Kaiming", "override",
                ConfigDict.of("name", "bn"))), "BatchNorm2d");
        assertMessage(() -> InitCfg.apply(net, "Kaiming"), "init_cfg must be a dict");
    }

    private static void assertMessage(Runnable r, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks " + fragment);
        assertEquals(2, e.exitCode());
    }
}
