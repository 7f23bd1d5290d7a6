package io.mgd.core.models.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** frozen_stages, norm_eval, out_indices, init and config errors of the ResNet family. */
class ResNetBehaviourTest {
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
    void frozenStagesStopGradAndStayInEvalAfterTrain() {
        Module r = build("type", "ResNet", "depth", 18, "frozen_stages", 1);
        r.train(true);
        for (String frozen : List.of("conv1", "bn1", "layer1")) {
            r.getSubmodule(frozen).namedParameters().forEach((k, p) -> assertFalse(p.requiresGrad(), frozen + "." + k));
        }
        assertFalse(r.getSubmodule("bn1").isTraining());
        assertFalse(r.getSubmodule("layer1").isTraining());
        assertFalse(r.getSubmodule("layer1.0.bn1").isTraining());
        assertTrue(r.getSubmodule("layer2").isTraining());
        assertTrue(r.getSubmodule("layer2.0.bn1").isTraining());
        r.getSubmodule("layer2").namedParameters().forEach((k, p) -> assertTrue(p.requiresGrad(), "layer2." + k));
    }

    @Test
    void frozenDeepStemIsFrozenAsAWhole() {
        Module r = build("type", "ResNetV1d", "depth", 18, "frozen_stages", 0);
        r.train(true);
        assertFalse(r.getSubmodule("stem").isTraining());
        assertFalse(r.getSubmodule("stem.2.bn").isTraining());
        r.getSubmodule("stem").namedParameters().values().forEach(p -> assertFalse(p.requiresGrad()));
        assertTrue(r.getSubmodule("layer1").isTraining());
    }

    @Test
    void normEvalKeepsEveryBatchNormInEval() {
        Module r = build("type", "ResNet", "depth", 18, "norm_eval", true);
        r.train(true);
        int bns = 0;
        for (Map.Entry<String, Module> e : r.namedModules().entrySet()) {
            if (e.getValue() instanceof BatchNorm2d) {
                assertFalse(e.getValue().isTraining(), e.getKey());
                bns++;
            }
        }
        assertEquals(20, bns);
        assertTrue(r.getSubmodule("layer1.0.conv1").isTraining());
        assertTrue(r.isTraining());
        r.train(false);
        assertFalse(r.getSubmodule("layer1.0.conv1").isTraining());
    }

    @Test
    void outIndicesSelectStagesInOrder() {
        Module r = build("type", "ResNet", "depth", 18, "out_indices", List.of(1, 3));
        r.eval();
        try (NDManager m = manager.newSubManager()) {
            NDList outs = r.forward(new NDList(m.randomNormal(new Shape(1, 3, 64, 64))));
            assertEquals(2, outs.size());
            assertEquals(new Shape(1, 128, 8, 8), outs.get(0).getShape());
            assertEquals(new Shape(1, 512, 2, 2), outs.get(1).getShape());
        }
        Module def = build("type", "ResNet", "depth", 50, "num_stages", 3, "strides", List.of(1, 2, 2),
                "dilations", List.of(1, 1, 1), "out_indices", List.of(2));
        assertEquals(1024, ((ResNet) def).featDim());
        assertTrue(def.stateDict().keySet().stream().noneMatch(k -> k.startsWith("layer4")));
    }

    @Test
    void wrongDepthNamesValidDepths() {
        ConfigException e = assertThrows(ConfigException.class, () -> build("type", "ResNet", "depth", 19));
        assertEquals("backbones.ResNet: invalid depth 19 for resnet; valid depths are [18, 34, 50, 101, 152]",
                e.getMessage());
        ConfigException x = assertThrows(ConfigException.class, () -> build("type", "ResNeXt", "depth", 18));
        assertTrue(x.getMessage().contains("valid depths are [50, 101, 152]"), x.getMessage());
    }

    @Test
    void otherConfigErrorsNameTheProblem() {
        assertTrue(assertThrows(ConfigException.class, () -> build("type", "ResNet_CIFAR", "depth", 18,
                "deep_stem", true)).getMessage().contains("does not support deep_stem"));
        assertTrue(assertThrows(ConfigException.class, () -> build("type", "ResNetV1d", "depth", 18,
                "avg_down", false)).getMessage().contains("'avg_down' is fixed to True"));
        assertTrue(assertThrows(ConfigException.class, () -> build("type", "ResNet", "depth", 18,
                "out_indices", List.of(4))).getMessage().contains("out_indices [4]"));
        assertTrue(assertThrows(ConfigException.class, () -> build("type", "ResNet", "depth", 18,
                "drop_path_rate", 0.1)).getMessage().contains("drop_path_rate"));
        assertTrue(assertThrows(ConfigException.class, () -> build("type", "ResNet", "depth", 18,
                "style", "tf")).getMessage().contains("style must be 'pytorch' or 'caffe'"));
    }

    @Test
    void initFollowsMmclsAndZeroInitsLastNorms() {
        Module r = build("type", "ResNet", "depth", 18);
        Map<String, Parameter> p = r.namedParameters();
        assertEquals(0f, p.get("layer1.0.bn2.weight").data().abs().sum().getFloat());
        assertEquals(64f, p.get("layer1.0.bn1.weight").data().sum().getFloat());
        NDArray w = p.get("layer3.0.conv1.weight").data();
        double std = Math.sqrt(w.pow(2).mean().getFloat());
        double want = Math.sqrt(2.0 / (256 * 9)); // kaiming normal, fan_out = 256*3*3
        assertEquals(want, std, want * 0.05);
        Module bottleneck = build("type", "ResNet", "depth", 50, "zero_init_residual", false);
        assertEquals(256f, bottleneck.namedParameters().get("layer1.0.bn3.weight").data().sum().getFloat());
        Module pre = build("type", "ResNet", "depth", 18, "init_cfg",
                ConfigDict.of("type", "Pretrained", "checkpoint", "torchvision://resnet18"));
        assertEquals(64f, pre.namedParameters().get("layer1.0.bn2.weight").data().sum().getFloat());
        assertEquals("torchvision://resnet18", ((ResNet) pre).pretrainedCheckpoint());
        Module alias = build("type", "ResNetV1c", "depth", 18, "pretrained", "open-mmlab://resnet18_v1c");
        assertEquals("open-mmlab://resnet18_v1c", ((ResNet) alias).pretrainedCheckpoint());
    }

    @Test
    void layoutsDifferOnlyWhereMmlabDoes() {
        Map<String, NDArray> cls = build("type", "ResNetV1d", "depth", 50).stateDict();
        assertTrue(cls.containsKey("stem.0.conv.weight") && cls.containsKey("stem.2.bn.running_var"));
        assertTrue(cls.containsKey("layer1.0.downsample.0.weight"), "mmcls: no pool at stride 1");
        assertTrue(cls.containsKey("layer2.0.downsample.1.weight"), "mmcls: pool then conv at stride 2");
        Map<String, NDArray> seg = build("type", "ResNetV1c", "depth", 18).stateDict();
        assertTrue(seg.containsKey("stem.0.weight") && seg.containsKey("stem.7.running_mean"));
        assertEquals(new Shape(64, 32, 3, 3), seg.get("stem.6.weight").getShape());
        Map<String, NDArray> det = build("type", "ResNeXt", "depth", 50, "groups", 32, "avg_down", true).stateDict();
        assertTrue(det.containsKey("layer1.0.downsample.1.weight"), "mmdet: pool even at stride 1");
        assertEquals(new Shape(128, 4, 3, 3), det.get("layer1.0.conv2.weight").getShape());
    }
}
