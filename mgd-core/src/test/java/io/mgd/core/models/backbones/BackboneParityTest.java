package io.mgd.core.models.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.LoadResult;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.Fixtures;
import io.mgd.core.testing.HashWeights;
import io.mgd.core.testing.Layouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backbones against PyTorch ({@code tools/golden/make_backbone_fixtures.py}): torchvision
 * resnet18/resnet50 (whose keys are the mmcls ones), the MGD MobileNetV1 and the layout variants,
 * at full size with generated weights; keys, shapes and order must match exactly.
 */
class BackboneParityTest {
    private static NDManager manager;
    private static Map<String, NDArray> golden;
    private static JsonNode keys;
    private static Registries registries;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        golden = Fixtures.loadAll(manager, BackboneParityTest.class, "outputs");
        keys = Fixtures.json(BackboneParityTest.class, "keys.json");
        registries = Registries.load();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Module build(NDManager m, Object... cfg) {
        return new BuildContext(registries, m).build(Registries.BACKBONES, ConfigDict.of(cfg));
    }

    /** Checks key order, shapes, loads generated weights strictly and checks their checksums. */
    static void loadGenerated(Module model, String name) {
        Map<String, NDArray> sd = model.stateDict();
        JsonNode expected = keys.get(name);
        List<String> actualKeys = new ArrayList<>(sd.keySet());
        List<String> expectedKeys = new ArrayList<>();
        expected.forEach(e -> expectedKeys.add(e.get(0).asText()));
        assertEquals(expectedKeys, actualKeys, name + " state-dict keys");
        Map<String, NDArray> weights = HashWeights.stateDict(model.manager(), sd, 1000);
        int i = 0;
        for (Map.Entry<String, NDArray> e : sd.entrySet()) {
            JsonNode row = expected.get(i++);
            long[] shape = new long[row.get(1).size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = row.get(1).get(d).asLong();
            }
            assertEquals(new ai.djl.ndarray.types.Shape(shape), e.getValue().getShape(), name + " " + e.getKey());
            double sum = weights.get(e.getKey()).toType(DataType.FLOAT64, false).sum().getDouble();
            double want = row.get(2).asDouble();
            assertTrue(Math.abs(sum - want) <= 1e-6 * (1 + Math.abs(want)),
                    name + " generated " + e.getKey() + " sum " + sum + " != " + want);
        }
        LoadResult r = model.loadStateDict(weights, true);
        assertTrue(r.isClean());
    }

    static void assertClose(NDArray expected, NDArray actual, String what) {
        assertClose(expected, actual, 1e-4, what);
    }

    /** Max abs error ≤ rtol × max(1, max |expected|). */
    static void assertClose(NDArray expected, NDArray actual, double rtol, String what) {
        double scale = Math.max(1.0, expected.abs().max().toType(DataType.FLOAT64, false).getDouble());
        Fixtures.assertAllClose(expected, actual, rtol * scale, what);
    }

    private void checkResNet(String name, int depth, int[] channels) {
        checkResNet(name, depth, channels, MemoryFormat.CONTIGUOUS_FORMAT);
    }

    /** As PyTorch on the golden inputs, fed in {@code format}; every output keeps that layout. */
    private void checkResNet(String name, int depth, int[] channels, MemoryFormat format) {
        try (NDManager m = manager.newSubManager()) {
            Module model = build(m, "type", "ResNet", "depth", depth, "out_indices", List.of(0, 1, 2, 3));
            loadGenerated(model, name);
            model.eval();
            NDList outs = model.forward(new NDList(format.apply(golden.get("input32"))));
            assertEquals(4, outs.size());
            for (int i = 0; i < 4; i++) {
                assertEquals(channels[i], outs.get(i).getShape().get(1));
                assertClose(golden.get(name + ".eval." + i), outs.get(i), name + " eval stage " + i);
                if (outs.get(i).getShape().get(2) * outs.get(i).getShape().get(3) > 1) {
                    // (At 1x1 both layouts are the same memory.)
                    assertEquals(format == MemoryFormat.CHANNELS_LAST, Layouts.isChannelsLast(outs.get(i)),
                            name + " stage " + i + " layout with " + format.torchName() + " input");
                }
            }
            // Train mode (batch statistics) on 64x64 inputs; see the script for why.
            model.train(true);
            outs = model.forward(new NDList(format.apply(golden.get("input64"))));
            // Batch statistics over 8 values per channel at layer4 amplify float rounding through
            // 16 blocks (R50 measured 1.9e-4 relative), hence 5e-4 here and 1e-4 in eval mode.
            assertClose(golden.get(name + ".train.3"), outs.get(3), 5e-4, name + " train stage 3");
            String bn = depth == 18 ? "layer4.1.bn2" : "layer4.2.bn3";
            Map<String, NDArray> sd = model.stateDict();
            for (String stat : new String[] {"running_mean", "running_var"}) {
                Fixtures.assertAllClose(golden.get(name + ".train." + bn + "." + stat), sd.get(bn + "." + stat), 1e-4,
                        name + " " + bn + "." + stat);
            }
            assertEquals(1L, sd.get(bn + ".num_batches_tracked").getLong());
        }
    }

    @Test
    void resnet18MatchesTorchvisionInEvalAndTrain() {
        checkResNet("resnet18", 18, new int[] {64, 128, 256, 512});
    }

    @Test
    void resnet18MatchesTorchvisionOnChannelsLastInput() {
        checkResNet("resnet18", 18, new int[] {64, 128, 256, 512}, MemoryFormat.CHANNELS_LAST);
    }

    @Test
    void resnet50MatchesTorchvisionInEvalAndTrain() {
        checkResNet("resnet50", 50, new int[] {256, 512, 1024, 2048});
    }

    @Test
    void mobileNetV1MatchesReference() {
        try (NDManager m = manager.newSubManager()) {
            Module model = build(m, "type", "MobileNetV1");
            loadGenerated(model, "mobilenet_v1");
            model.eval();
            assertClose(golden.get("mobilenet_v1.eval.0"), model.forward(golden.get("input32")), "mobilenet eval");
            model.train(true);
            assertClose(golden.get("mobilenet_v1.train.0"), model.forward(golden.get("input64")), "mobilenet train");
        }
    }

    private void checkVariant(String name, String input, Object... cfg) {
        try (NDManager m = manager.newSubManager()) {
            Module model = build(m, cfg);
            loadGenerated(model, name);
            model.eval();
            NDList outs = model.forward(new NDList(golden.get(input)));
            assertClose(golden.get(name + ".eval.3"), outs.get(outs.size() - 1), name);
        }
    }

    @Test
    void resnetV1dUsesMmclsLayoutAndCeilModeAvgDown() {
        checkVariant("resnet_v1d50", "input40", "type", "ResNetV1d", "depth", 50);
    }

    @Test
    void resnetCifarHasSmallStemAndNoMaxpool() {
        checkVariant("resnet_cifar18", "input32", "type", "ResNet_CIFAR", "depth", 18);
    }

    @Test
    void resnetV1cDilatedWithContractedDilation() {
        checkVariant("resnet_v1c18_d8", "input32", "type", "ResNetV1c", "depth", 18, "strides", List.of(1, 2, 1, 1),
                "dilations", List.of(1, 1, 2, 4), "contract_dilation", true);
    }

    @Test
    void resnextUsesMmdetLayoutWithStrideOneAvgPool() {
        checkVariant("resnext50_32x4d_v1d", "input40", "type", "ResNeXt", "depth", 50, "groups", 32,
                "base_width", 4, "deep_stem", true, "avg_down", true);
    }
}
