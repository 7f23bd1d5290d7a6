package io.mgd.cls.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.TeacherFeatures;
import io.mgd.core.models.distillers.TeacherWeights;
import io.mgd.core.models.losses.MGDLoss;
import io.mgd.core.nn.Parameter;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building, freezing, hooking and the loss dict of the mmcls MGD distiller. */
class ClassificationDistillerTest extends DistillerTestBase {
    @Test
    void stateDictKeysArePrefixedTeacherStudentLosses() {
        BaseDistiller d = standard();
        assertTrue(d instanceof ClassificationDistiller);
        List<String> expected = new ArrayList<>();
        d.teacher().stateDict().keySet().forEach(k -> expected.add("teacher." + k));
        d.student().stateDict().keySet().forEach(k -> expected.add("student." + k));
        for (String k : List.of("align.weight", "align.bias", "generation.0.weight", "generation.0.bias",
                "generation.2.weight", "generation.2.bias")) {
            expected.add("distill_losses.loss_mgd." + k);
        }
        assertEquals(expected, List.copyOf(d.stateDict().keySet()));
        assertTrue(d.stateDict().containsKey("teacher.backbone.bn1.running_mean"));
        assertTrue(d.stateDict().containsKey("student.head.fc.weight"));
        assertEquals(new Shape(16, 8, 1, 1), d.stateDict().get("distill_losses.loss_mgd.align.weight").getShape());
        assertTrue(d.distillLosses().get("loss_mgd") instanceof MGDLoss);
    }

    @Test
    void lossDictHasOriLossThenMgdLossAndDefaultHookIsLastBackboneOutput() {
        BaseDistiller d = standard();
        NDList x = batch();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TeacherFeatures t = d.teacherForward(x);
            NDArray lastTeacherStage = ((TinyClassifier) d.teacher()).extractFeat(x).get(1);
            assertEquals(0f, t.features().get(0).sub(lastTeacherStage).abs().max().getFloat());
            Map<String, NDArray> losses = d.forwardTrain(x, labels(), t);
            assertEquals(List.of("ori_loss", "loss_mgd"), List.copyOf(losses.keySet()));
            float own = ((TinyClassifier) d.student()).forwardTrain(x, labels()).get("loss").getFloat();
            assertEquals(own, losses.get("ori_loss").getFloat(), 1e-6);
            assertTrue(losses.get("loss_mgd").getFloat() > 0);
        }
    }

    @Test
    void teacherIsFrozenInEvalAndUntouchedByTraining() {
        BaseDistiller d = standard();
        d.train(true);
        assertTrue(d.isTraining());
        assertTrue(d.student().isTraining());
        assertFalse(d.teacher().isTraining(), "train(true) keeps the teacher in eval");
        d.teacher().namedModules().values().forEach(m -> assertFalse(m.isTraining()));
        d.teacher().namedParameters().values().forEach(p -> assertFalse(p.requiresGrad()));

        Map<String, float[]> teacherBefore = snapshot(d.teacher());
        Map<String, float[]> studentBefore = snapshot(d.student());
        Trainer trainer = new Trainer(d, 0.05);
        trainer.steps(batch(), labels(), 2);
        d.teacher().namedParameters().forEach((k, p) -> assertNull(p.grad(), "teacher grad " + k));
        Map<String, float[]> teacherAfter = snapshot(d.teacher());
        teacherBefore.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, teacherAfter.get(k)), "teacher." + k));
        Map<String, float[]> studentAfter = snapshot(d.student());
        assertFalse(java.util.Arrays.equals(studentBefore.get("backbone.layer2.weight"),
                studentAfter.get("backbone.layer2.weight")), "student trained");
        assertFalse(java.util.Arrays.equals(studentBefore.get("backbone.bn1.running_mean"),
                studentAfter.get("backbone.bn1.running_mean")), "student BN in train mode");
    }

    @Test
    void optimizerParametersAreStudentThenLossesNeverTeacher() {
        BaseDistiller d = standard();
        Map<String, Parameter> params = d.trainableParameters();
        List<String> expected = new ArrayList<>();
        d.student().namedParameters().keySet().forEach(k -> expected.add("student." + k));
        d.distillLosses().namedParameters().keySet().forEach(k -> expected.add("distill_losses." + k));
        assertEquals(expected, List.copyOf(params.keySet()));
        for (Parameter tp : d.teacher().namedParameters().values()) {
            assertFalse(params.containsValue(tp));
        }
        assertSame(d.student().namedParameters().get("head.fc.weight"), params.get("student.head.fc.weight"));
    }

    @Test
    void teacherForwardRecordsNoGraphEvenInsideACollector() {
        BaseDistiller d = standard();
        NDList x = batch();
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray rawTeacher = ((TinyClassifier) d.teacher()).extractFeat(x).get(1);
            EngineException e = assertThrows(EngineException.class, () -> gc.backward(rawTeacher.sum()));
            assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
            NDArray studentOut = ((TinyClassifier) d.student()).extractFeat(x).get(1);
            gc.backward(studentOut.sum()); // the student does record a graph
        }
    }

    @Test
    void teacherWeightsAreLoadedAndInitStudentCopiesAllButBackbone() {
        TinyClassifier source = new TinyClassifier(manager, new TinyClassifier.Options(new int[] {8, 16},
                new int[] {1, 2}, 3));
        List<String> sources = new ArrayList<>();
        TeacherWeights weights = (teacher, src) -> {
            sources.add(src);
            teacher.loadStateDict(source.stateDict(), true);
        };
        BaseDistiller d = build(distiller("teacher_pretrained", "mem://r34.pth", "init_student", true,
                "distill_cfg", List.of(ConfigDict.of("methods", List.of(mgd(16, 16))))),
                model(8, 16), model(8, 16), weights);
        assertEquals(List.of("mem://r34.pth"), sources);
        Map<String, float[]> src = snapshot(source);
        Map<String, float[]> teacher = snapshot(d.teacher());
        Map<String, float[]> student = snapshot(d.student());
        src.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, teacher.get(k)), "teacher loaded " + k));
        assertTrue(java.util.Arrays.equals(src.get("head.fc.weight"), student.get("head.fc.weight")));
        assertTrue(java.util.Arrays.equals(src.get("head.fc.bias"), student.get("head.fc.bias")));
        assertFalse(java.util.Arrays.equals(src.get("backbone.layer2.weight"), student.get("backbone.layer2.weight")),
                "backbone.* is not copied");
        // The student got copies, not the teacher's arrays.
        assertNotSame(d.teacher().namedParameters().get("head.fc.weight").data(),
                d.student().namedParameters().get("head.fc.weight").data());
        d.teacher().namedParameters().values().forEach(p -> assertFalse(p.requiresGrad()));
    }

    @Test
    void teacherCheckpointErrorsNameThePath() {
        MgdException e = assertThrows(MgdException.class, () -> build(distiller("teacher_pretrained",
                "/nonexistent/resnet34.pth"), model(8, 16), model(4, 8), (t, s) -> { }));
        assertEquals("ClassificationDistiller: teacher_pretrained checkpoint '/nonexistent/resnet34.pth' does not exist",
                e.getMessage());
        e = assertThrows(MgdException.class, () -> build(distiller("teacher_pretrained", "mem://x.pth"),
                model(8, 16), model(4, 8), null));
        assertEquals("ClassificationDistiller: teacher_pretrained 'mem://x.pth' is set but no checkpoint loader "
                + "was given", e.getMessage());
        e = assertThrows(MgdException.class, () -> build(distiller("teacher_pretrained", "mem://x.pth"),
                model(8, 16), model(4, 8), (t, s) -> {
                    throw new IllegalStateException("bad zip header");
                }));
        assertEquals("ClassificationDistiller: cannot load teacher_pretrained 'mem://x.pth': bad zip header",
                e.getMessage());
        ConfigException ce = assertThrows(ConfigException.class, () -> build(distiller("init_student", true),
                model(8, 16), model(4, 8), null));
        assertTrue(ce.getMessage().contains("init_student=True copies the teacher checkpoint into the student "
                + "and needs teacher_pretrained"), ce.getMessage());
    }
}
