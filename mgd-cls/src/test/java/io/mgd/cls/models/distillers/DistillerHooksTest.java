package io.mgd.cls.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Module paths, the pre-flight check, training progress and seeding of the distiller. */
class DistillerHooksTest extends DistillerTestBase {

    private static ConfigDict at(String student, String teacher, ConfigDict loss) {
        ConfigDict loc = ConfigDict.of("student_module", student, "teacher_module", teacher, "output_hook", true,
                "methods", List.of(loss));
        return distiller("distill_cfg", List.of(loc));
    }

    @Test
    void preflightPassesAndLeavesStudentStateAndModeAlone() {
        BaseDistiller d = standard();
        d.train(true);
        Map<String, float[]> before = snapshot(d);
        d.preflight(batch());
        assertTrue(d.isTraining(), "training mode restored");
        assertFalse(d.teacher().isTraining());
        Map<String, float[]> after = snapshot(d);
        before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, after.get(k)), k));
    }

    @Test
    void preflightChannelMismatchNamesPathsAndShapes() {
        BaseDistiller d = build(distiller("distill_cfg", List.of(ConfigDict.of("methods", List.of(mgd(6, 16))))),
                model(8, 16), model(4, 8), null);
        MgdException e = assertThrows(MgdException.class, () -> d.preflight(batch()));
        assertEquals("pre-flight check failed for distill_cfg[0] loss 'loss_mgd': student module 'backbone' gives "
                + "(2, 8, 4, 4) and teacher module 'backbone' gives (2, 16, 4, 4); MGDLoss 'loss_mgd' was built with "
                + "student_channels=6, teacher_channels=16 but got 8 and 16", e.getMessage());
    }

    @Test
    void preflightSpatialMismatchNamesPathsAndShapes() {
        // Student layer1 keeps 8x8; teacher layer2 halves to 4x4.
        BaseDistiller d = build(at("backbone.layer1", "backbone.layer2", mgd(4, 16)), model(8, 16), model(4, 8), null);
        MgdException e = assertThrows(MgdException.class, () -> d.preflight(batch()));
        assertEquals("pre-flight check failed for distill_cfg[0] loss 'loss_mgd': student module 'backbone.layer1' "
                + "gives (2, 4, 8, 8) and teacher module 'backbone.layer2' gives (2, 16, 4, 4); MGDLoss expects the "
                + "same spatial size, got 8x8 and 4x4", e.getMessage());
        // The same mismatch met during training (no pre-flight) is reported the same way.
        MgdException e2 = assertThrows(MgdException.class, () -> d.forwardTrain(batch(), labels()));
        assertTrue(e2.getMessage().startsWith("distill_cfg[0] loss 'loss_mgd': student module 'backbone.layer1' "
                + "gives (2, 4, 8, 8)"), e2.getMessage());
    }

    @Test
    void explicitPathsHookThoseModules() {
        BaseDistiller d = build(at("backbone.layer1", "backbone.layer1", mgd(4, 8)), model(8, 16), model(4, 8), null);
        d.preflight(batch());
        Map<String, ?> losses = d.forwardTrain(batch(), labels());
        assertEquals(List.of("ori_loss", "loss_mgd"), List.copyOf(losses.keySet()));
        assertEquals(new Shape(8, 4, 1, 1), d.stateDict().get("distill_losses.loss_mgd.align.weight").getShape());
    }

    @Test
    void badPathsAndDuplicateNamesAreReported() {
        MgdException e = assertThrows(MgdException.class, () -> build(at("backbone.layer9", "backbone.layer2",
                mgd(8, 16)), model(8, 16), model(4, 8), null));
        assertTrue(e.getMessage().startsWith("distill_cfg[0].student_module: module path 'backbone.layer9' not found"),
                e.getMessage());
        ConfigDict twice = ConfigDict.of("methods", List.of(mgd(8, 16), mgd(8, 16)));
        ConfigException ce = assertThrows(ConfigException.class, () -> build(distiller("distill_cfg",
                List.of(twice)), model(8, 16), model(4, 8), null));
        assertEquals("distill_cfg[0].methods[1]: duplicate loss name 'loss_mgd' (each method needs its own name)",
                ce.getMessage());
        ce = assertThrows(ConfigException.class, () -> build(distiller("distill_cfg", List.of(ConfigDict.of(
                "student_modul", "backbone", "methods", List.of(mgd(8, 16))))), model(8, 16), model(4, 8), null));
        assertTrue(ce.getMessage().startsWith("distillers.ClassificationDistiller.distill_cfg[0]: unexpected argument "
                + "'student_modul' (did you mean 'student_module'?)"), ce.getMessage());
    }

    @Test
    void trainingStepsReduceTheMgdLoss() {
        // A larger alpha makes the generation block's updates visible within a few SGD steps.
        ConfigDict loss = mgd(8, 16);
        loss.put("alpha_mgd", 0.01);
        BaseDistiller d = build(distiller("distill_cfg", List.of(ConfigDict.of("methods", List.of(loss)))),
                model(8, 16), model(4, 8), null);
        Trainer trainer = new Trainer(d, 0.01);
        NDList x = batch();
        Map<String, Object> y = labels();
        List<Map<String, Float>> steps = new java.util.ArrayList<>(trainer.steps(x, y, 5));
        // Hooks, masks and teacher features are step-scoped: nothing may pile up in the managers.
        int live = ((ai.djl.ndarray.BaseNDManager) manager).getManagedArrays().size();
        steps.addAll(trainer.steps(x, y, 15));
        assertEquals(live, ((ai.djl.ndarray.BaseNDManager) manager).getManagedArrays().size(), "live arrays");
        double first = mean(steps.subList(0, 5));
        double last = mean(steps.subList(15, 20));
        assertTrue(last < 0.5 * first, "MGD loss " + first + " -> " + last);
    }

    private static double mean(List<Map<String, Float>> steps) {
        return steps.stream().mapToDouble(s -> s.get("loss_mgd")).average().orElseThrow();
    }

    @Test
    void seedReproducesBuildAndSteps() {
        List<Map<String, Float>> a = seededRun(5);
        List<Map<String, Float>> b = seededRun(5);
        List<Map<String, Float>> c = seededRun(6);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    private List<Map<String, Float>> seededRun(int seed) {
        Engine.getInstance().setRandomSeed(seed);
        try (NDManager m = NDManager.newBaseManager()) {
            BaseDistiller d = Distillers.build(distiller(), model(8, 16), model(4, 8), null,
                    new BuildContext(registries(), m));
            NDList x = new NDList(m.randomNormal(new Shape(2, 3, 8, 8)));
            return new Trainer(d, 0.05).steps(x, Map.of("gt_label", m.create(new int[] {1, 0})), 3);
        }
    }

    private Registries registries() {
        return registries;
    }

    @Test
    void referenceConfigShapeBuildsThroughServiceLoadedRegistries() {
        String yaml = String.join("\n",
                "type: ClassificationDistiller",
                "teacher_pretrained: null",
                "distill_cfg:",
                "  - methods:",
                "      - {type: MGDLoss, name: loss_mgd, student_channels: 8, teacher_channels: 16,",
                "         alpha_mgd: 0.00007, lambda_mgd: 0.15}");
        ConfigDict cfg = (ConfigDict) ConfigDict.normalize(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml));
        Registries loaded = Registries.load();
        assertTrue(loaded.get(Registries.DISTILLERS).contains("ClassificationDistiller"));
        assertTrue(loaded.get(Registries.LOSSES).contains("MGDLoss"));
        assertTrue(loaded.get(Registries.LOSSES).contains("FeatureLoss"));
        BaseDistiller d = build(cfg, model(8, 16), model(4, 8), null);
        assertEquals(List.of("loss_mgd"), List.copyOf(d.distillLosses().asMap().keySet()));
        assertEquals("backbone", d.locations().get(0).studentModule());
        assertEquals("backbone", d.locations().get(0).teacherModule());
    }
}
