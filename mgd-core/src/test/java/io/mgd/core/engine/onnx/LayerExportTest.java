package io.mgd.core.engine.onnx;

import static io.mgd.core.engine.onnx.OnnxTestSupport.assertVerified;
import static io.mgd.core.engine.onnx.OnnxTestSupport.count;
import static io.mgd.core.engine.onnx.OnnxTestSupport.opTypes;
import static io.mgd.core.engine.onnx.OnnxTestSupport.randomInput;
import static io.mgd.core.engine.onnx.OnnxTestSupport.withHashWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.bricks.ConvModule;
import io.mgd.core.nn.layers.AdaptiveAvgPool2d;
import io.mgd.core.nn.layers.AvgPool2d;
import io.mgd.core.nn.layers.BatchNorm2d;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.Dropout;
import io.mgd.core.nn.layers.GroupNorm;
import io.mgd.core.nn.layers.Identity;
import io.mgd.core.nn.layers.Linear;
import io.mgd.core.nn.layers.MaxPool2d;
import io.mgd.core.nn.layers.ReLU;
import io.mgd.core.nn.layers.Sequential;
import io.mgd.core.nn.layers.Sigmoid;
import io.mgd.core.util.MgdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single layers and their torch-specific options (ceil mode, count_include_pad, …) on ONNX Runtime. */
class LayerExportTest {
    private static final double ATOL = 1e-5;
    private NDManager m;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(5);
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    private Sequential seq(Module... mods) {
        return new Sequential(m, List.of(mods));
    }

    /** Exports {@code model} for {@code shape}, runs it and returns the per-output differences. */
    private Map<String, Double> roundTrip(Module model, ExportOptions opts, long... runShape) {
        Path out = tmp.resolve("m.onnx");
        OnnxExporter.export(model, opts, out);
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            return OnnxVerifier.verify(model, out, randomInput(m, runShape));
        }
    }

    private Map<String, Double> roundTrip(Module model, long... shape) {
        return roundTrip(model, ExportOptions.of(shape), shape);
    }

    @Test
    void maxPoolCeilModeDropsAWindowThatWouldStartInThePadding() {
        // torch: 5 + 2 pad, k2 s2 ceil → 4 windows, but the 4th starts in the right padding → 3.
        Sequential pool = seq(new MaxPool2d(m, new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}, true));
        assertVerified(roundTrip(pool, 1, 2, 5, 5), ATOL);
        assertVerified(roundTrip(seq(new MaxPool2d(m, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true)),
                1, 2, 8, 8), ATOL);
    }

    @Test
    void avgPoolCeilModeAndCountIncludePad() {
        // count_include_pad=False (ResNetV1d's avg_down): overhanging ceil windows average what is inside.
        assertVerified(roundTrip(seq(new AvgPool2d(m, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true,
                false)), 1, 2, 6, 6), ATOL);
        assertVerified(roundTrip(seq(new AvgPool2d(m, new int[] {2, 2}, null, new int[] {0, 0}, true, false)),
                1, 2, 7, 7), ATOL);
        // count_include_pad=True without overhang: ceil mode changes nothing, exported as is.
        ExportResult r = OnnxExporter.export(seq(new AvgPool2d(m, new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, true, true)), ExportOptions.of(1, 2, 7, 7).withDynamic(true), tmp.resolve("i.onnx"));
        assertFalse(r.dynamicSpatial());
        assertVerified(roundTrip(seq(new AvgPool2d(m, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true,
                true)), 1, 2, 7, 7), ATOL);
        assertVerified(roundTrip(seq(new AvgPool2d(m, 3, 2, 1)), 1, 2, 6, 6), ATOL);
        // With overhang torch and ONNX Runtime divide differently: refused.
        MgdException e = assertThrows(MgdException.class, () -> OnnxExporter.export(seq(new AvgPool2d(m,
                new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true, true)), ExportOptions.of(1, 1, 6, 6),
                tmp.resolve("p.onnx")));
        assertTrue(e.getMessage().contains("'0' AvgPool2d(ceil_mode=True, count_include_pad=True) on a 6x6 input"),
                e.getMessage());
    }

    @Test
    void adaptiveAvgPoolIsGlobalForOneAndFixesTheSizeOtherwise() {
        ExportResult global = OnnxExporter.export(seq(new AdaptiveAvgPool2d(m, 1, 1)),
                ExportOptions.of(1, 2, 6, 6).withDynamic(true), tmp.resolve("g.onnx"));
        assertTrue(global.dynamicSpatial());
        assertEquals(List.of("GlobalAveragePool", "Identity"), opTypes(tmp.resolve("g.onnx")));

        Sequential two = seq(new Conv2d(m, 2, 3, 1, 1, 0, 1, 1, true), new AdaptiveAvgPool2d(m, 2, 2));
        ExportResult r = OnnxExporter.export(two, ExportOptions.of(1, 2, 8, 8).withDynamic(true), tmp.resolve("a.onnx"));
        assertFalse(r.dynamicSpatial(), "AveragePool's kernel depends on the input size");
        assertTrue(r.staticSpatialReason().contains("'1' AdaptiveAvgPool2d((2, 2))"), r.staticSpatialReason());
        try (OnnxModel model = OnnxModel.load(tmp.resolve("a.onnx")); NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            assertVerified(OnnxVerifier.verify(two, two::forward, model, randomInput(m, 3, 2, 8, 8)), ATOL);
        }
        // 7 -> 3 and 8 -> 6: torch's bins overlap, exported as two averaging MatMuls
        Sequential overlap = seq(new AdaptiveAvgPool2d(m, 3, 6));
        OnnxExporter.export(overlap, ExportOptions.of(2, 2, 7, 8), tmp.resolve("o.onnx"));
        assertEquals(List.of("MatMul", "MatMul", "Identity"), opTypes(tmp.resolve("o.onnx")));
        try (OnnxModel model = OnnxModel.load(tmp.resolve("o.onnx")); NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            assertVerified(OnnxVerifier.verify(overlap, overlap::forward, model, randomInput(m, 2, 2, 7, 8)), ATOL);
        }
    }

    @Test
    void convWithBiasDilationGroupsAndPerAxisSettings() {
        Conv2d conv = new Conv2d(m, 4, 6, new int[] {3, 1}, new int[] {2, 1}, new int[] {2, 0}, new int[] {2, 1}, 2, true);
        assertVerified(roundTrip(seq(conv, new Sigmoid(m)), 2, 4, 9, 7), ATOL);
    }

    @Test
    void convModuleBatchNormReluFoldsAndMatches() {
        ConvModule cm = ConvModule.convBnRelu(m, 3, 5, 3, 1, 1, ConfigDict.of("type", "BN"));
        Sequential model = seq(cm, new ConvModule(m, 5, 4, 1, 1, 0, 1, 1, true, ConfigDict.of("type", "BN"), null));
        withHashWeights(model, 11);
        assertVerified(roundTrip(model, 2, 3, 6, 6), ATOL);
        ExportResult r = OnnxExporter.export(model, ExportOptions.of(2, 3, 6, 6).withFoldBn(true), tmp.resolve("f.onnx"));
        assertEquals(2, r.foldedBatchNorms(), "with and without a conv bias");
        assertEquals(0, count(opTypes(tmp.resolve("f.onnx")), "BatchNormalization"));
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            assertVerified(OnnxVerifier.verify(model, tmp.resolve("f.onnx"), randomInput(m, 2, 3, 6, 6)), 1e-4);
        }
    }

    @Test
    void linearIsGemmOnMatricesAndMatMulOtherwise() {
        assertVerified(roundTrip(seq(new Linear(m, 6, 4, true), new ReLU(m), new Linear(m, 4, 3, false)), 5, 6), ATOL);
        assertEquals(List.of("Gemm", "Relu", "Gemm", "Identity"), opTypes(tmp.resolve("m.onnx")));
        assertVerified(roundTrip(seq(new Linear(m, 6, 4, true), new Dropout(m, 0.5f), new Identity(m)), 2, 3, 6), ATOL);
        assertEquals(List.of("MatMul", "Add", "Identity"), opTypes(tmp.resolve("m.onnx")));
    }

    @Test
    void exportLeavesTheModelInItsTrainingMode() {
        Sequential model = seq(new Conv2d(m, 2, 2, 1, 1, 0, 1, 1, false), new BatchNorm2d(m, 2));
        model.train(true);
        OnnxExporter.export(model, ExportOptions.of(1, 2, 3, 3), tmp.resolve("t.onnx"));
        assertTrue(model.isTraining());
        assertTrue(model.get(1).isTraining());
    }

    @Test
    void errorsNameTheModuleThePathOrTheFile() throws Exception {
        Sequential gn = seq(new Conv2d(m, 4, 4, 1, 1, 0, 1, 1, false), new GroupNorm(m, 2, 4, 1e-5f));
        MgdException e = assertThrows(MgdException.class,
                () -> OnnxExporter.export(gn, ExportOptions.of(1, 4, 3, 3), tmp.resolve("gn.onnx")));
        assertEquals("cannot export module '1' (GroupNorm) to ONNX: it has no ONNX export yet", e.getMessage());

        Path existing = tmp.resolve("keep.onnx");
        Files.write(existing, new byte[] {1, 2, 3});
        assertThrows(MgdException.class, () -> OnnxExporter.export(gn, ExportOptions.of(1, 4, 3, 3), existing));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(existing), "a failed export keeps the old file");

        Sequential ok = seq(new ReLU(m));
        e = assertThrows(MgdException.class, () -> OnnxExporter.export(ok,
                ExportOptions.of(1, 1).withOutputs(List.of("backbone.layer4")), tmp.resolve("x.onnx")));
        assertTrue(e.getMessage().startsWith("--outputs backbone.layer4: module path 'backbone.layer4' not found"),
                e.getMessage());
        e = assertThrows(MgdException.class, () -> ExportOptions.of(1, 3, 8, 8).withOpset(10));
        assertEquals("--opset 10 is not supported; use 11 to 17", e.getMessage());
        e = assertThrows(MgdException.class, () -> OnnxModel.load(tmp.resolve("missing.onnx")));
        assertTrue(e.getMessage().startsWith("ONNX model '" + tmp.resolve("missing.onnx") + "' does not exist"));
        e = assertThrows(MgdException.class, () -> OnnxModel.load(existing));
        assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load '" + existing + "'"), e.getMessage());

        OnnxExporter.export(ok, ExportOptions.of(2, 3), tmp.resolve("relu.onnx"));
        try (OnnxModel model = OnnxModel.load(tmp.resolve("relu.onnx"))) {
            e = assertThrows(MgdException.class, () -> model.run(Map.of("input",
                    new FloatTensor(new float[6], new long[] {2, 3})), List.of("logits")));
            assertTrue(e.getMessage().endsWith("has no output [logits]; its outputs are [output]"), e.getMessage());
            Map<String, FloatTensor> y = model.run(new float[] {-1, 2, -3, 4, 0, -0.5f}, new long[] {2, 3});
            assertArrayEquals(new float[] {0, 2, 0, 4, 0, 0}, y.get("output").data());
            assertArrayEquals(new long[] {2, 3}, y.get("output").shape());
        }
    }

    @Test
    void threadSettingsAreAccepted() {
        Sequential model = seq(new Linear(m, 3, 2, true));
        OnnxExporter.export(model, ExportOptions.of(1, 3), tmp.resolve("l.onnx"));
        try (OnnxModel one = OnnxModel.load(tmp.resolve("l.onnx"), new OnnxModel.Options(1, 1));
                NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            NDList x = randomInput(m, 1, 3);
            assertVerified(OnnxVerifier.verify(model, model::forward, one, x), ATOL);
        }
        assertThrows(MgdException.class, () -> new OnnxModel.Options(-1, 0));
    }
}
