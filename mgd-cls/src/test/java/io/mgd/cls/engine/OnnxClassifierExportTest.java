package io.mgd.cls.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import io.mgd.cls.models.classifiers.ImageClassifier;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.engine.onnx.ExportOptions;
import io.mgd.core.engine.onnx.ExportResult;
import io.mgd.core.engine.onnx.OnnxExporter;
import io.mgd.core.engine.onnx.OnnxModel;
import io.mgd.core.engine.onnx.OnnxVerifier;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.HashWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole mmcls ImageClassifier (backbone, GAP neck, linear head) exported and run on ONNX Runtime. */
class OnnxClassifierExportTest {
    private static final double ATOL = 1e-4;
    private static NDManager manager;
    private static Registries registries;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        Engine.getInstance().setRandomSeed(1);
        manager = NDManager.newBaseManager();
        registries = Registries.load();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** The Fashion-MNIST-sized ResNet-18 classifier: one input channel, 10 classes. */
    private static ImageClassifier classifier(ConfigDict backbone, int featDim) {
        ConfigDict cfg = ConfigDict.of("type", "ImageClassifier", "backbone", backbone,
                "neck", ConfigDict.of("type", "GlobalAveragePooling"),
                "head", ConfigDict.of("type", "LinearClsHead", "num_classes", 10, "in_channels", featDim));
        ImageClassifier c = (ImageClassifier) new BuildContext(registries, manager).build(Registries.MODELS, cfg);
        c.loadStateDict(HashWeights.stateDict(manager, c.stateDict(), 21), true);
        return c;
    }

    private static ImageClassifier cifar() {
        return classifier(ConfigDict.of("type", "ResNet_CIFAR", "depth", 18, "in_channels", 1, "base_channels", 16),
                128);
    }

    private static List<String> ops(Path p) throws Exception {
        List<String> out = new ArrayList<>();
        OnnxMl.ModelProto.parseFrom(Files.readAllBytes(p)).getGraph().getNodeList().forEach(n -> out.add(n.getOpType()));
        return out;
    }

    @Test
    void scoresMatchSimpleTestWithTheSoftmax() throws Exception {
        ImageClassifier c = cifar();
        Path out = tmp.resolve("cls.onnx");
        ExportResult r = OnnxExporter.export(c, ExportOptions.of(2, 1, 28, 28), out);
        assertEquals(List.of("output"), r.outputNames());
        List<String> ops = ops(out);
        assertEquals(List.of("GlobalAveragePool", "Flatten", "Gemm", "Softmax", "Identity"),
                ops.subList(ops.size() - 5, ops.size()));
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            NDList x = new NDList(manager.randomNormal(new Shape(2, 1, 28, 28)));
            Map<String, Double> d = OnnxVerifier.verify(c, out, x);
            assertTrue(d.get("output") <= 1e-5, d.toString());
            try (OnnxModel m = OnnxModel.load(out)) {
                NDArray scores = m.run(x, manager).get("output");
                assertEquals(new Shape(2, 10), scores.getShape());
                assertEquals(2f, scores.sum().getFloat(), 1e-5, "rows are distributions");
            }
        }
    }

    @Test
    void logitsWithoutSoftmaxMatchTheHeadAndExtraOutputsMatchTheHooks() throws Exception {
        ImageClassifier c = cifar();
        Path out = tmp.resolve("logits.onnx");
        ExportResult r = OnnxExporter.export(c, ExportOptions.of(1, 1, 28, 28).withSoftmax(false).withDynamic(true)
                .withFoldBn(true).withOutputs(List.of("backbone.layer4", "neck")), out);
        assertEquals(List.of("output", "backbone.layer4", "neck"), r.outputNames());
        assertTrue(r.dynamicSpatial());
        assertTrue(!ops(out).contains("Softmax") && !ops(out).contains("BatchNormalization"));
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            NDList x = new NDList(manager.randomNormal(new Shape(3, 1, 32, 24)));
            Map<String, Double> d = OnnxVerifier.verify(c,
                    in -> new NDList(c.head().clsScore(c.extractFeat(in.head(), "neck"))), out, x);
            assertEquals(List.of("output", "backbone.layer4", "neck"), List.copyOf(d.keySet()));
            d.forEach((k, v) -> assertTrue(v <= ATOL, k + " differs by " + v));
            NDArray logits = c.head().clsScore(c.extractFeat(x.head(), "neck"));
            assertTrue(logits.abs().max().getFloat() > 0.05f, "logits are not trivially small");
        }
    }

    @Test
    void mobileNetV1ClassifierMatches() {
        ImageClassifier c = classifier(ConfigDict.of("type", "MobileNetV1"), 1024);
        Path out = tmp.resolve("mbv1.onnx");
        OnnxExporter.export(c, ExportOptions.of(1, 3, 64, 64).withSoftmax(false), out);
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            NDList x = new NDList(manager.randomNormal(new Shape(1, 3, 64, 64)));
            Map<String, Double> d = OnnxVerifier.verify(c,
                    in -> new NDList(c.head().clsScore(c.extractFeat(in.head(), "neck"))), out, x);
            assertTrue(d.get("output") <= ATOL, d.toString());
        }
    }
}
