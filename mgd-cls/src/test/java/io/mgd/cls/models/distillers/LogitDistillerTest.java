package io.mgd.cls.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.TeacherFeatures;
import io.mgd.core.models.losses.FeatureMimicLoss;
import io.mgd.core.models.losses.KDLoss;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Logit distillation on {@code head.fc} (KDLoss), stacked with MGD, and the imitation baseline. */
class LogitDistillerTest extends DistillerTestBase {

    static ConfigDict kd(double tau, double weight) {
        return ConfigDict.of("type", "KDLoss", "name", "loss_kd", "tau", tau, "loss_weight", weight);
    }

    static ConfigDict onLogits(ConfigDict loss) {
        return ConfigDict.of("student_module", "head.fc", "teacher_module", "head.fc", "methods", List.of(loss));
    }

    static ConfigDict classifier(int w0, int w1, int classes) {
        return ConfigDict.of("model", ConfigDict.of("type", "TinyClassifier", "widths", List.of(w0, w1),
                "num_classes", classes));
    }

    /** MGD on the last backbone stage plus KD on the logits, as in the MGD+KD config. */
    BaseDistiller stacked(double tau, double weight) {
        return build(distiller("distill_cfg", List.of(ConfigDict.of("methods", List.of(mgd(8, 16))),
                onLogits(kd(tau, weight)))), model(8, 16), model(4, 8), null);
    }

    private static AtomicInteger countCalls(BaseDistiller d, String path) {
        AtomicInteger calls = new AtomicInteger();
        d.teacher().getSubmodule(path).registerForwardHook((m, in, out) -> calls.incrementAndGet());
        return calls;
    }

    @Test
    void mgdAndKdStackAndTrain() {
        BaseDistiller d = stacked(4.0, 1.0);
        assertTrue(d.distillLosses().get("loss_kd") instanceof KDLoss);
        // KDLoss has no parameters: only MGD's keys appear under distill_losses.
        d.stateDict().keySet().stream().filter(k -> k.startsWith("distill_losses."))
                .forEach(k -> assertTrue(k.startsWith("distill_losses.loss_mgd."), k));
        d.preflight(batch());
        List<Map<String, Float>> steps = new Trainer(d, 0.05).steps(batch(), labels(), 3);
        for (Map<String, Float> s : steps) {
            assertEquals(List.of("ori_loss", "loss_mgd", "loss_kd"), List.copyOf(s.keySet()));
            s.values().forEach(v -> assertTrue(Float.isFinite(v), s.toString()));
            assertTrue(s.get("loss_kd") > 0, s.toString());
        }
    }

    @Test
    void teacherLogitsAreCapturedWithoutGraphAndEqualTheFcOutput() {
        BaseDistiller d = stacked(1.0, 1.0);
        NDList x = batch();
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            TeacherFeatures t = d.teacherForward(x);
            NDArray logits = t.features().get(1);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 3), logits.getShape());
            // TinyClassifier's forward returns its head.fc output, the logits.
            NDArray expected = d.teacher().forward(x).head();
            assertEquals(0f, logits.sub(expected).abs().max().getFloat());
            EngineException e = assertThrows(EngineException.class, () -> gc.backward(logits.sum()));
            assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
            // The student's logits come from its training forward and do carry a graph.
            Map<String, NDArray> losses = d.forwardTrain(x, labels(), t);
            gc.backward(losses.get("loss_kd"));
        }
        assertTrue(d.student().namedParameters().get("head.fc.weight").grad().abs().sum().getFloat() > 0,
                "KD reaches the student's fc");
        d.teacher().namedParameters().forEach((k, p) -> assertEquals(null, p.grad(), k));
    }

    @Test
    void teacherRunsItsHeadOnlyWhenALocationNeedsIt() {
        BaseDistiller plain = standard();
        AtomicInteger plainCalls = countCalls(plain, "head.fc");
        BaseDistiller withKd = stacked(1.0, 1.0);
        AtomicInteger kdCalls = countCalls(withKd, "head.fc");
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            plain.teacherForward(batch());
            withKd.teacherForward(batch());
        }
        assertEquals(0, plainCalls.get(), "plain MGD runs extract_feat only");
        assertEquals(1, kdCalls.get(), "KD runs the teacher's head once");
    }

    @Test
    void kdAloneReducesItsLossAndPreflightChecksClassCounts() {
        BaseDistiller d = build(distiller("distill_cfg", List.of(onLogits(kd(2.0, 5.0)))), model(8, 16),
                model(4, 8), null);
        // A confident teacher (scaled fc): its soft targets are far from the student's near-uniform
        // start, so the KD term dominates the student's own loss.
        io.mgd.core.nn.Parameter fc = d.teacher().namedParameters().get("head.fc.weight");
        fc.set(fc.data().mul(50f));
        Trainer trainer = new Trainer(d, 0.02);
        List<Map<String, Float>> steps = new ArrayList<>(trainer.steps(batch(), labels(), 12));
        assertTrue(steps.get(11).get("loss_kd") < 0.5 * steps.get(0).get("loss_kd"),
                steps.get(0) + " -> " + steps.get(11));

        BaseDistiller bad = build(distiller("distill_cfg", List.of(onLogits(kd(1.0, 1.0)))), classifier(8, 16, 5),
                classifier(4, 8, 3), null);
        MgdException e = assertThrows(MgdException.class, () -> bad.preflight(batch()));
        assertEquals("pre-flight check failed for distill_cfg[0] loss 'loss_kd': student module 'head.fc' gives "
                + "(2, 3) and teacher module 'head.fc' gives (2, 5); KDLoss 'loss_kd' expects the same number of "
                + "classes, got 3 (student) and 5 (teacher)", e.getMessage());
    }

    @Test
    void featureMimicDistillerTrains() {
        ConfigDict mimic = ConfigDict.of("type", "FeatureMimicLoss", "name", "loss_mimic", "student_channels", 8,
                "teacher_channels", 16, "loss_weight", 1.0);
        BaseDistiller d = build(distiller("distill_cfg", List.of(ConfigDict.of("methods", List.of(mimic)))),
                model(8, 16), model(4, 8), null);
        assertTrue(d.distillLosses().get("loss_mimic") instanceof FeatureMimicLoss);
        assertEquals(List.of("distill_losses.loss_mimic.align.weight", "distill_losses.loss_mimic.align.bias"),
                d.stateDict().keySet().stream().filter(k -> k.startsWith("distill_losses.")).toList());
        d.preflight(batch());
        Map<String, float[]> before = snapshot(d.distillLosses());
        List<Map<String, Float>> steps = new Trainer(d, 0.05).steps(batch(), labels(), 10);
        assertEquals(List.of("ori_loss", "loss_mimic"), List.copyOf(steps.get(0).keySet()));
        assertTrue(steps.get(9).get("loss_mimic") < steps.get(0).get("loss_mimic"), steps.get(0) + " -> "
                + steps.get(9));
        Map<String, float[]> after = snapshot(d.distillLosses());
        assertTrue(!java.util.Arrays.equals(before.get("loss_mimic.align.weight"),
                after.get("loss_mimic.align.weight")), "align is trained");
    }
}
