package io.mgd.cls.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.google.inject.Guice;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.engine.onnx.ExportOptions;
import io.mgd.core.engine.onnx.OnnxExporter;
import io.mgd.core.engine.onnx.OnnxTeacherBackend;
import io.mgd.core.models.CoreModelsModule;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.models.distillers.TeacherFeatures;
import io.mgd.core.models.distillers.TeacherWeights;
import io.mgd.core.models.losses.DistillLossModule;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;
import io.mgd.core.testing.HashWeights;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teacher on ONNX Runtime ({@code teacher_backend='onnxruntime'}): same features and the same
 * MGD loss as the DJL teacher for the same weights and mask draw, and clear config errors.
 */
class OnnxTeacherDistillerTest {
    /** Teacher weights generated from the key order, identical for every build. */
    private static final TeacherWeights HASHED = (teacher, source) ->
            teacher.loadStateDict(HashWeights.stateDict(teacher.manager(), teacher.stateDict(), 99), true);

    private NDManager manager;
    private BuildContext ctx;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
        Registries r = Guice.createInjector(new DistillLossModule(), new ClsDistillerModule(), new CoreModelsModule(),
                new RegistryModule() {
                    @Override
                    protected void registerComponents() {
                        register(Registries.MODELS, "ExportableClassifier", ExportableClassifier.Options.class,
                                (o, c) -> new ExportableClassifier(c, o));
                    }
                }).getInstance(Registries.class);
        ctx = new BuildContext(r, manager);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Teacher ResNet_CIFAR-18 width 16 (layer4: 128 channels), student width 8 (64 channels). */
    private BaseDistiller build(Object... extra) {
        ConfigDict mgd = ConfigDict.of("type", "MGDLoss", "name", "loss_mgd", "student_channels", 64,
                "teacher_channels", 128, "alpha_mgd", 0.00007, "lambda_mgd", 0.15);
        ConfigDict cfg = ConfigDict.of("type", "ClassificationDistiller", "teacher_pretrained", "hash://teacher",
                "distill_cfg", List.of(ConfigDict.of("methods", List.of(mgd))));
        for (int i = 0; i < extra.length; i += 2) {
            cfg.put((String) extra[i], ConfigDict.normalize(extra[i + 1]));
        }
        return Distillers.build(cfg, model(16), model(8), HASHED, ctx);
    }

    private static ConfigDict model(int width) {
        return ConfigDict.of("model", ConfigDict.of("type", "ExportableClassifier", "base_channels", width));
    }

    /** The teacher with its default distill location ({@code backbone}) as an extra output. */
    private Path exportTeacher(BaseDistiller d) {
        Path p = tmp.resolve("teacher.onnx");
        OnnxExporter.export(d.teacher(), ExportOptions.of(1, 3, 16, 16).withDynamic(true)
                .withOutputs(List.of("backbone")), p);
        return p;
    }

    private NDList batch() {
        return new NDList(manager.randomNormal(new Shape(4, 3, 16, 16)));
    }

    @Test
    void mgdLossWithTheOnnxTeacherEqualsTheDjlTeacherLoss() {
        BaseDistiller d = build();
        Path onnx = exportTeacher(d);
        NDList x = batch();
        Map<String, Object> labels = Map.of("gt_label", manager.create(new int[] {0, 2, 1, 1}));
        d.train(true);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TeacherFeatures djl = d.teacherForward(x);
            Engine.getInstance().setRandomSeed(42);
            Map<String, NDArray> lossDjl = d.forwardTrain(x, labels, djl);

            d.setTeacherBackend(OnnxTeacherBackend.open(onnx, List.of("backbone"), List.of()));
            TeacherFeatures ort = d.teacherForward(x);
            assertEquals(new Shape(4, 128, 2, 2), ort.features().get(0).getShape());
            float featDiff = djl.features().get(0).sub(ort.features().get(0)).abs().max().getFloat();
            assertTrue(featDiff <= 1e-4, "teacher features differ by " + featDiff);
            Engine.getInstance().setRandomSeed(42);
            Map<String, NDArray> lossOrt = d.forwardTrain(x, labels, ort);

            assertEquals(List.of("ori_loss", "loss_mgd"), List.copyOf(lossOrt.keySet()));
            float a = lossDjl.get("loss_mgd").getFloat();
            float b = lossOrt.get("loss_mgd").getFloat();
            assertTrue(a > 0, "the MGD loss is not trivially zero");
            assertEquals(a, b, 1e-5 * a, "MGD loss with the DJL vs the ONNX Runtime teacher");
            assertEquals(lossDjl.get("ori_loss").getFloat(), lossOrt.get("ori_loss").getFloat(), 1e-6);
        } finally {
            d.close();
        }
    }

    @Test
    void configSelectsTheOnnxRuntimeTeacherAndPreflightChecksItsShapes() {
        Path onnx;
        float[] djlFeature;
        NDList x = batch();
        try (BaseDistiller djl = build()) {
            onnx = exportTeacher(djl);
            djlFeature = djl.teacherForward(x).features().get(0).toFloatArray();
        }
        try (BaseDistiller d = build("teacher_backend", "onnxruntime", "teacher_onnx", onnx.toString())) {
            assertInstanceOf(OnnxTeacherBackend.class, d.teacherBackend());
            d.preflight(x);
            float[] ort = d.teacherForward(x).features().get(0).toFloatArray();
            float max = 0;
            for (int i = 0; i < ort.length; i++) {
                max = Math.max(max, Math.abs(ort[i] - djlFeature[i]));
            }
            assertTrue(max <= 1e-4, "features differ by " + max);
            d.setTeacherBackend(null);
            assertTrue(!(d.teacherBackend() instanceof OnnxTeacherBackend), "null restores the DJL teacher");
        }
    }

    @Test
    void configErrorsNameTheKeyAndTheFix() {
        BaseDistiller plain = build();
        Path onnx = exportTeacher(plain);
        ConfigException e = assertThrows(ConfigException.class, () -> build("teacher_backend", "tensorrt"));
        assertEquals("ClassificationDistiller: teacher_backend 'tensorrt' is not supported; use 'djl' or 'onnxruntime'",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> build("teacher_backend", "onnxruntime"));
        assertTrue(e.getMessage().contains("teacher_backend='onnxruntime' needs teacher_onnx"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> build("teacher_onnx", onnx.toString()));
        assertTrue(e.getMessage().contains("teacher_onnx is set but teacher_backend is 'djl'"), e.getMessage());
        MgdException m = assertThrows(MgdException.class, () -> build("teacher_backend", "onnxruntime",
                "teacher_onnx", tmp.resolve("nope.onnx").toString()));
        assertTrue(m.getMessage().contains("nope.onnx' does not exist"), m.getMessage());

        Path noFeature = tmp.resolve("plain.onnx");
        OnnxExporter.export(plain.teacher(), ExportOptions.of(1, 3, 16, 16), noFeature);
        m = assertThrows(MgdException.class, () -> build("teacher_backend", "onnxruntime",
                "teacher_onnx", noFeature.toString()));
        assertEquals("teacher_onnx '" + noFeature + "' has no output 'backbone'; its outputs are [output]; export the "
                + "teacher with --outputs backbone", m.getMessage());
    }

    @Test
    void theDefaultBackendIsTheDjlTeacherAndSettingTheSameBackendKeepsIt() {
        try (BaseDistiller d = build()) {
            var djl = d.teacherBackend();
            d.setTeacherBackend(djl);
            assertSame(djl, d.teacherBackend());
            try (NDScope s = new NDScope()) {
                s.suppressNotUsedWarning();
                assertEquals(new Shape(4, 128, 2, 2), d.teacherForward(batch()).features().get(0).getShape());
            }
        }
    }
}
