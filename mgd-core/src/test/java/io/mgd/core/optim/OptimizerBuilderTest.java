package io.mgd.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.Linear;
import io.mgd.core.registry.Registries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mmcv DefaultOptimizerConstructor paramwise rules. */
class OptimizerBuilderTest {
    private static final Registries REG = Registries.load();

    /** backbone.{conv, bn, dw}, head.fc, plus a frozen conv. */
    static final class Net extends Module {
        Net(NDManager m) {
            super(m);
            Module backbone = registerModule("backbone", new Holder(m));
            ((Holder) backbone).add("conv", new Conv2d(m, 3, 4, 3, 1, 1, 1, 1, true));
            ((Holder) backbone).add("bn", new BatchNorm2d(m, 4));
            ((Holder) backbone).add("dw", new Conv2d(m, 4, 4, 3, 1, 1, 1, 4, true));
            Holder head = registerModule("head", new Holder(m));
            head.add("fc", new Linear(m, 4, 2, true));
            Conv2d frozen = registerModule("frozen", new Conv2d(m, 2, 2, 1, 1, 0, 1, 1, false));
            frozen.weight().setRequiresGrad(false);
        }

        @Override
        protected NDList forwardInternal(NDList inputs) {
            return inputs;
        }
    }

    static final class Holder extends Module {
        Holder(NDManager m) {
            super(m);
        }

        void add(String name, Module child) {
            registerModule(name, child);
        }

        @Override
        protected NDList forwardInternal(NDList inputs) {
            return inputs;
        }
    }

    static Map<String, Map<String, Object>> groupsByName(Optimizer opt) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (ParamGroup g : opt.paramGroups()) {
            assertEquals(1, g.params().size());
            out.put(g.names().get(0), g.options());
        }
        return out;
    }

    @Test
    void paramwiseMultipliers() {
        try (NDManager m = NDManager.newBaseManager()) {
            Net net = new Net(m);
            ConfigDict cfg = ConfigDict.of("type", "SGD", "lr", 0.1, "momentum", 0.9, "weight_decay", 1e-4,
                    "paramwise_cfg", ConfigDict.of("norm_decay_mult", 0.0, "bias_decay_mult", 0.5, "bias_lr_mult", 2.0,
                            "dwconv_decay_mult", 0.25,
                            "custom_keys", ConfigDict.of("head", ConfigDict.of("lr_mult", 0.1, "decay_mult", 3.0),
                                    "head.fc.bias", ConfigDict.of("lr_mult", 0.0))));
            Map<String, Map<String, Object>> g = groupsByName(OptimizerBuilder.build(cfg, net, REG));
            assertEquals(List.of("backbone.conv.weight", "backbone.conv.bias", "backbone.bn.weight", "backbone.bn.bias",
                    "backbone.dw.weight", "backbone.dw.bias", "head.fc.weight", "head.fc.bias", "frozen.weight"),
                    List.copyOf(g.keySet()));
            assertEquals(0.1, g.get("backbone.conv.weight").get("lr"));
            assertEquals(1e-4, g.get("backbone.conv.weight").get("weight_decay"));
            assertEquals(0.2, g.get("backbone.conv.bias").get("lr"));
            assertEquals(1e-4 * 0.5, g.get("backbone.conv.bias").get("weight_decay"));
            assertEquals(0.1, g.get("backbone.bn.bias").get("lr"), "norm biases keep the base lr");
            assertEquals(0.0, g.get("backbone.bn.weight").get("weight_decay"));
            assertEquals(0.0, g.get("backbone.bn.bias").get("weight_decay"));
            assertEquals(1e-4 * 0.25, g.get("backbone.dw.weight").get("weight_decay"));
            assertEquals(1e-4 * 0.25, g.get("backbone.dw.bias").get("weight_decay"), "dwconv wins over bias");
            assertEquals(0.2, g.get("backbone.dw.bias").get("lr"));
            assertEquals(0.1 * 0.1, g.get("head.fc.weight").get("lr"));
            assertEquals(1e-4 * 3.0, g.get("head.fc.weight").get("weight_decay"));
            assertEquals(0.0, g.get("head.fc.bias").get("lr"), "the longest matching custom key wins");
            assertEquals(1e-4, g.get("head.fc.bias").get("weight_decay"));
            assertEquals(0.1, g.get("frozen.weight").get("lr"), "frozen params get cfg defaults only");
            assertEquals(1e-4, g.get("frozen.weight").get("weight_decay"));
        }
    }

    @Test
    void withoutParamwiseOneGroupOverSelectedParams() {
        try (NDManager m = NDManager.newBaseManager()) {
            Net net = new Net(m);
            Map<String, io.mgd.core.nn.Parameter> head = new LinkedHashMap<>();
            net.namedParameters().forEach((k, v) -> {
                if (k.startsWith("head.")) {
                    head.put(k, v);
                }
            });
            Optimizer opt = OptimizerBuilder.build(ConfigDict.of("type", "AdamW", "lr", 1e-3), net, head, REG);
            assertTrue(opt instanceof AdamW);
            assertEquals(1, opt.paramGroups().size());
            assertEquals(List.of("head.fc.weight", "head.fc.bias"), opt.paramGroups().get(0).names());
            assertEquals(0.01, opt.paramGroups().get(0).options().get("weight_decay"), "AdamW default decay");
            assertFalse(opt.paramGroups().get(0).names().contains("backbone.conv.weight"));
        }
    }

    @Test
    void errorsNameTheKey() {
        try (NDManager m = NDManager.newBaseManager()) {
            Net net = new Net(m);
            ConfigException e = assertThrows(ConfigException.class, () -> OptimizerBuilder.build(ConfigDict.of(
                    "type", "SGD", "lr", 0.1, "paramwise_cfg", ConfigDict.of("norm_decay_mult", 0.0)), net, REG));
            assertTrue(e.getMessage().contains("optimizer.weight_decay must be set"), e.getMessage());
            e = assertThrows(ConfigException.class,
                    () -> OptimizerBuilder.build(ConfigDict.of("type", "SGDD", "lr", 0.1), net, REG));
            assertTrue(e.getMessage().contains("'SGDD' is not in the optimizers registry"), e.getMessage());
        }
    }
}
