package io.mgd.cls.models.distillers;


import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.inject.Guice;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.models.distillers.TeacherWeights;
import io.mgd.core.models.losses.DistillLossModule;
import io.mgd.core.models.losses.MGDLoss;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Registries with a tiny classifier, and config helpers, for the distiller tests. */
abstract class DistillerTestBase {
    NDManager manager;
    BuildContext ctx;
    Registries registries;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
        Registries r = Guice.createInjector(new DistillLossModule(), new ClsDistillerModule(), new RegistryModule() {
            @Override
            protected void registerComponents() {
                register(Registries.MODELS, "TinyClassifier", TinyClassifier.Options.class,
                        (o, c) -> new TinyClassifier(c.manager(), o));
            }
        }).getInstance(Registries.class);
        registries = r;
        ctx = new BuildContext(r, manager);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    static ConfigDict model(int... widths) {
        return ConfigDict.of("model", ConfigDict.of("type", "TinyClassifier", "widths", List.of(widths[0], widths[1])));
    }

    static ConfigDict mgd(int cs, int ct) {
        return ConfigDict.of("type", "MGDLoss", "name", "loss_mgd", "student_channels", cs, "teacher_channels", ct,
                "alpha_mgd", 0.00007, "lambda_mgd", 0.15);
    }

    static ConfigDict distiller(Object... extra) {
        ConfigDict d = ConfigDict.of("type", "ClassificationDistiller",
                "distill_cfg", List.of(ConfigDict.of("methods", List.of(mgd(8, 16)))));
        for (int i = 0; i < extra.length; i += 2) {
            d.put((String) extra[i], ConfigDict.normalize(extra[i + 1]));
        }
        return d;
    }

    BaseDistiller build(ConfigDict cfg, ConfigDict teacher, ConfigDict student, TeacherWeights weights) {
        return Distillers.build(cfg, teacher, student, weights, ctx);
    }

    /** Teacher widths (8, 16), student (4, 8): MGD on the last stage with a 8→16 align. */
    BaseDistiller standard() {
        return build(distiller(), model(8, 16), model(4, 8), null);
    }

    NDList batch() {
        return new NDList(manager.randomNormal(new Shape(2, 3, 8, 8)));
    }

    Map<String, Object> labels() {
        return Map.of("gt_label", manager.create(new int[] {0, 2}));
    }

    static Map<String, float[]> snapshot(Module m) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .toFloatArray()));
        return out;
    }
}
