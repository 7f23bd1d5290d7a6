package io.mgd.core.engine.onnx;

import static io.mgd.core.engine.onnx.OnnxTestSupport.assertVerified;
import static io.mgd.core.engine.onnx.OnnxTestSupport.backbone;
import static io.mgd.core.engine.onnx.OnnxTestSupport.count;
import static io.mgd.core.engine.onnx.OnnxTestSupport.opTypes;
import static io.mgd.core.engine.onnx.OnnxTestSupport.randomInput;
import static io.mgd.core.engine.onnx.OnnxTestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.onnx.proto.OnnxMl;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.Registries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export of the shared backbones and their run on ONNX Runtime against the DJL forward. */
class BackboneExportTest {
    private static final double ATOL = 1e-4;
    private static NDManager manager;
    private static Registries registries;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        Engine.getInstance().setRandomSeed(3);
        manager = NDManager.newBaseManager();
        registries = Registries.load();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void resnet18MatchesDjlAndKeepsStateDictNamesAndWritesTheCheckedFile() throws Exception {
        Module r18 = backbone(registries, manager, "type", "ResNet", "depth", 18);
        // Kept under target/ so tools/golden/check_onnx_model.py can check the same file.
        Path out = Path.of("target", "onnx", "resnet18.onnx");
        ExportResult res = OnnxExporter.export(r18, ExportOptions.of(1, 3, 64, 64), out);
        assertEquals(List.of("output"), res.outputNames());
        assertEquals(0, res.foldedBatchNorms());
        OnnxMl.ModelProto proto = read(out);
        assertEquals(11, proto.getOpsetImport(0).getVersion());
        assertEquals(6, proto.getIrVersion());
        List<String> inits = new ArrayList<>();
        proto.getGraph().getInitializerList().forEach(t -> inits.add(t.getName()));
        List<String> expected = new ArrayList<>(r18.stateDict().keySet());
        expected.removeIf(k -> k.endsWith("num_batches_tracked"));
        assertEquals(expected, inits, "initializers are the state-dict keys, in order");
        List<String> ops = opTypes(out);
        assertEquals(20, count(ops, "Conv"), "17 block/stem convs + 3 downsample convs");
        assertEquals(20, count(ops, "BatchNormalization"));
        assertEquals(8, count(ops, "Add"));
        assertEquals(1, count(ops, "MaxPool"));
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            NDList x = randomInput(manager, 1, 3, 64, 64);
            assertVerified(OnnxVerifier.verify(r18, out, x), ATOL);
            assertTrue(r18.forward(x.head()).abs().max().getFloat() > 0.1f, "outputs are not trivially small");
            // The second file docs/export.md records: dynamic, folded, opset 13, a teacher feature output.
            Path dyn = Path.of("target", "onnx", "resnet18_dynamic_folded_op13.onnx");
            OnnxExporter.export(r18, ExportOptions.of(1, 3, 64, 64).withOpset(13).withDynamic(true).withFoldBn(true)
                    .withOutputs(List.of("layer3")), dyn);
            assertVerified(OnnxVerifier.verify(r18, dyn, randomInput(manager, 2, 3, 96, 80)), ATOL);
        }
    }

    @Test
    void resnetCifarOneChannelWithAllStagesAsOutputs() {
        Module m = backbone(registries, manager, "type", "ResNet_CIFAR", "depth", 18, "in_channels", 1,
                "base_channels", 16, "out_indices", List.of(0, 1, 2, 3));
        Path out = tmp.resolve("cifar.onnx");
        ExportResult res = OnnxExporter.export(m, ExportOptions.of(2, 1, 28, 28), out);
        assertEquals(List.of("output_0", "output_1", "output_2", "output_3"), res.outputNames());
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            Map<String, Double> d = OnnxVerifier.verify(m, out, randomInput(manager, 2, 1, 28, 28));
            assertEquals(4, d.size());
            assertVerified(d, ATOL);
        }
    }

    @Test
    void resnet50ReducedWidthMatchesDjl() {
        Module m = backbone(registries, manager, "type", "ResNet", "depth", 50, "base_channels", 16,
                "stem_channels", 16);
        Path out = tmp.resolve("r50.onnx");
        OnnxExporter.export(m, ExportOptions.of(1, 3, 64, 64), out);
        assertEquals(16 * 3 + 4 + 1, count(opTypes(out), "Conv"), "3 per bottleneck, 4 downsamples, the stem");
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            assertVerified(OnnxVerifier.verify(m, out, randomInput(manager, 1, 3, 64, 64)), ATOL);
        }
    }

    @Test
    void resnetV1dDeepStemAndAvgDownMatchesDjl() {
        Module m = backbone(registries, manager, "type", "ResNetV1d", "depth", 18, "base_channels", 16,
                "stem_channels", 16);
        Path out = tmp.resolve("v1d.onnx");
        // 72 is not a multiple of 32, so avg_down's ceil-mode pools see odd sizes.
        OnnxExporter.export(m, ExportOptions.of(1, 3, 72, 72), out);
        assertTrue(count(opTypes(out), "AveragePool") >= 3);
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            assertVerified(OnnxVerifier.verify(m, out, randomInput(manager, 1, 3, 72, 72)), ATOL);
        }
    }

    @Test
    void mobileNetV1MatchesDjl() {
        Module m = backbone(registries, manager, "type", "MobileNetV1");
        Path out = tmp.resolve("mbv1.onnx");
        OnnxExporter.export(m, ExportOptions.of(1, 3, 64, 64), out);
        OnnxMl.ModelProto proto = read(out);
        long depthwise = proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv"))
                .filter(n -> n.getAttributeList().stream().anyMatch(a -> a.getName().equals("group") && a.getI() > 1))
                .count();
        assertEquals(13, depthwise, "13 depthwise convs carry group = channels");
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            assertVerified(OnnxVerifier.verify(m, out, randomInput(manager, 1, 3, 64, 64)), ATOL);
        }
    }

    @Test
    void dynamicExportRunsOtherBatchSizesAndImageSizes() {
        Module m = backbone(registries, manager, "type", "ResNet_CIFAR", "depth", 18, "in_channels", 1,
                "base_channels", 16);
        Path out = tmp.resolve("dyn.onnx");
        ExportResult res = OnnxExporter.export(m, ExportOptions.of(1, 1, 32, 32).withDynamic(true), out);
        assertTrue(res.dynamicSpatial());
        OnnxMl.TensorShapeProto in = read(out).getGraph().getInput(0).getType().getTensorType().getShape();
        assertEquals("batch", in.getDim(0).getDimParam());
        assertEquals(1, in.getDim(1).getDimValue());
        assertEquals("height", in.getDim(2).getDimParam());
        try (OnnxModel model = OnnxModel.load(out); NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            for (long[] shape : new long[][] {{3, 1, 32, 32}, {5, 1, 24, 40}}) {
                NDList x = randomInput(manager, shape);
                Map<String, Double> d = OnnxVerifier.verify(m, m::forward, model, x);
                assertVerified(d, ATOL);
            }
        }
    }

    @Test
    void extraOutputsAreNamedByModulePathAndMatchTheHookedFeatures() {
        Module m = backbone(registries, manager, "type", "ResNet", "depth", 18);
        Path out = tmp.resolve("extra.onnx");
        ExportResult res = OnnxExporter.export(m, ExportOptions.of(1, 3, 64, 64)
                .withOutputs(List.of("layer4", "layer2.1.conv1", "layer3")), out);
        assertEquals(List.of("output", "layer4", "layer2.1.conv1", "layer3"), res.outputNames());
        OnnxMl.ValueInfoProto l4 = read(out).getGraph().getOutput(1);
        assertEquals("layer4", l4.getName());
        assertEquals(512, l4.getType().getTensorType().getShape().getDim(1).getDimValue());
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            Map<String, Double> d = OnnxVerifier.verify(m, out, randomInput(manager, 1, 3, 64, 64));
            assertEquals(res.outputNames(), List.copyOf(d.keySet()));
            assertVerified(d, ATOL);
        }
    }

    @Test
    void foldedBatchNormGivesTheSameOutputsWithoutBatchNormNodes() {
        Module m = backbone(registries, manager, "type", "ResNet", "depth", 18, "base_channels", 32,
                "stem_channels", 32);
        Path plain = tmp.resolve("plain.onnx");
        Path folded = tmp.resolve("folded.onnx");
        OnnxExporter.export(m, ExportOptions.of(1, 3, 64, 64), plain);
        ExportResult res = OnnxExporter.export(m, ExportOptions.of(1, 3, 64, 64).withFoldBn(true)
                .withOutputs(List.of("layer1.0.conv1")), folded);
        // layer1.0.conv1 is a graph output, so its BatchNorm must stay.
        assertEquals(19, res.foldedBatchNorms());
        List<String> ops = opTypes(folded);
        assertEquals(1, count(ops, "BatchNormalization"));
        assertEquals(20, count(ops, "Conv"));
        assertTrue(read(folded).getSerializedSize() < read(plain).getSerializedSize());
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            NDList x = randomInput(manager, 1, 3, 64, 64);
            assertVerified(OnnxVerifier.verify(m, folded, x), ATOL);
            try (OnnxModel a = OnnxModel.load(plain); OnnxModel b = OnnxModel.load(folded)) {
                NDArray ya = a.run(x, manager).get("output");
                NDArray yb = b.run(x, manager).get("output");
                assertTrue(ya.sub(yb).abs().max().getFloat() <= ATOL);
            }
        }
    }

    @Test
    void everySupportedOpsetLoadsAndMatches() {
        Module m = backbone(registries, manager, "type", "ResNet_CIFAR", "depth", 18, "base_channels", 8,
                "stem_channels", 8);
        for (int opset : new int[] {11, 12, 13, 14, 15, 16, 17}) {
            Path out = tmp.resolve("op" + opset + ".onnx");
            OnnxExporter.export(m, ExportOptions.of(1, 3, 16, 16).withOpset(opset).withFoldBn(opset % 2 == 0), out);
            assertEquals(opset, read(out).getOpsetImport(0).getVersion());
            try (NDScope s = new NDScope()) {
                s.suppressNotUsedWarning();
                assertVerified(OnnxVerifier.verify(m, out, randomInput(manager, 1, 3, 16, 16)), ATOL);
            }
        }
        assertFalse(Files.exists(tmp.resolve("op10.onnx")));
    }
}
