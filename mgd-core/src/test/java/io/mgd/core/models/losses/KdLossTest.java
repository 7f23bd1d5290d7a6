package io.mgd.core.models.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.inject.Guice;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registry binding, defaults, shape checks and basic properties of KDLoss and FeatureMimicLoss. */
class KdLossTest {

    private static Module build(NDManager m, ConfigDict cfg) {
        Registries r = Guice.createInjector(new DistillLossModule()).getInstance(Registries.class);
        return r.get(Registries.LOSSES).build(cfg, new BuildContext(r, m));
    }

    @Test
    void kdDefaultsAndNoParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            KDLoss kd = (KDLoss) build(m, ConfigDict.of("type", "KDLoss", "name", "loss_kd"));
            assertEquals(1.0, kd.tau());
            assertEquals(1.0, kd.lossWeight());
            assertTrue(kd.stateDict().isEmpty());
            KDLoss hot = (KDLoss) build(m, ConfigDict.of("type", "KDLoss", "name", "loss_kd", "tau", 4.0,
                    "loss_weight", 0.5));
            assertEquals(4.0, hot.tau());
            assertEquals(0.5, hot.lossWeight());
        }
    }

    @Test
    void kdIsZeroForEqualLogitsAndShiftInvariant() {
        try (NDManager m = NDManager.newBaseManager()) {
            KDLoss kd = new KDLoss(m, new KDLoss.Options("loss_kd", 2.0, 1.0));
            NDArray t = m.randomNormal(new Shape(4, 6));
            assertEquals(0f, kd.loss(t.add(3f), t).getFloat(), 1e-6, "softmax ignores a per-row shift");
            assertTrue(kd.loss(m.randomNormal(new Shape(4, 6)), t).getFloat() > 0);
            // N x C x 1 x 1 gives the same value as N x C.
            NDArray s = m.randomNormal(new Shape(4, 6));
            assertEquals(kd.loss(s, t).getFloat(), kd.loss(s.reshape(4, 6, 1, 1), t.reshape(4, 6, 1, 1)).getFloat(),
                    1e-6);
        }
    }

    @Test
    void kdMismatchNamesClassCounts() {
        try (NDManager m = NDManager.newBaseManager()) {
            KDLoss kd = new KDLoss(m, new KDLoss.Options("loss_kd", 1.0, 1.0));
            assertNull(kd.describeMismatch(new Shape(2, 10), new Shape(2, 10, 1, 1)));
            assertEquals("KDLoss 'loss_kd' expects the same number of classes, got 10 (student) and 100 (teacher)",
                    kd.describeMismatch(new Shape(2, 10), new Shape(2, 100)));
            assertTrue(kd.describeMismatch(new Shape(2, 10, 4, 4), new Shape(2, 10, 4, 4))
                    .startsWith("KDLoss expects (N, C) logits"));
            MgdException e = assertThrows(MgdException.class,
                    () -> kd.loss(m.zeros(new Shape(2, 3)), m.zeros(new Shape(2, 4))));
            assertEquals("loss 'loss_kd': student logits (2, 3), teacher logits (2, 4): KDLoss 'loss_kd' expects the "
                    + "same number of classes, got 3 (student) and 4 (teacher)", e.getMessage());
        }
    }

    @Test
    void mimicAlignOnlyWhenUsed() {
        try (NDManager m = NDManager.newBaseManager()) {
            FeatureMimicLoss differ = (FeatureMimicLoss) build(m, ConfigDict.of("type", "FeatureMimicLoss",
                    "name", "loss_mimic", "student_channels", 4L, "teacher_channels", 8L));
            assertEquals(List.of("align.weight", "align.bias"), List.copyOf(differ.stateDict().keySet()));
            assertEquals(new Shape(8, 4, 1, 1), differ.align().weight().data().getShape());
            assertEquals(1.0, differ.lossWeight());
            FeatureMimicLoss same = (FeatureMimicLoss) build(m, ConfigDict.of("type", "FeatureMimicLoss",
                    "name", "loss_mimic", "student_channels", 8L, "teacher_channels", 8L));
            assertNull(same.align());
            assertTrue(same.stateDict().isEmpty());
            FeatureMimicLoss forced = (FeatureMimicLoss) build(m, ConfigDict.of("type", "FeatureMimicLoss",
                    "name", "loss_mimic", "student_channels", 8L, "teacher_channels", 8L, "align", true));
            assertEquals(List.of("align.weight", "align.bias"), List.copyOf(forced.stateDict().keySet()));
            NDArray x = m.randomNormal(new Shape(2, 8, 3, 3));
            assertEquals(0f, same.loss(x, x).getFloat());
        }
    }

    @Test
    void badOptionsAndShapesAreReported() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConfigException e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type",
                    "FeatureMimicLoss", "name", "l", "student_channels", 4L, "teacher_channels", 8L, "align", false)));
            assertEquals("losses.FeatureMimicLoss: align=False needs student_channels == teacher_channels, got 4 and 8",
                    e.getMessage());
            e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "KDLoss", "name", "l",
                    "tau", 0.0)));
            assertEquals("losses.KDLoss: tau must be a positive number, got 0.0", e.getMessage());
            e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "KDLoss", "name", "a.b")));
            assertEquals("losses.KDLoss: name must be a non-empty string without '.', got 'a.b'", e.getMessage());

            FeatureMimicLoss mimic = new FeatureMimicLoss(m, new FeatureMimicLoss.Options(4, 8, "loss_mimic", 1.0,
                    null));
            assertNull(mimic.describeMismatch(new Shape(2, 4, 5, 5), new Shape(2, 8, 5, 5)));
            assertEquals("FeatureMimicLoss 'loss_mimic' was built with student_channels=4, teacher_channels=8 but got "
                    + "6 and 8", mimic.describeMismatch(new Shape(2, 6, 5, 5), new Shape(2, 8, 5, 5)));
            assertEquals("FeatureMimicLoss expects the same spatial size, got 5x5 and 3x3",
                    mimic.describeMismatch(new Shape(2, 4, 5, 5), new Shape(2, 8, 3, 3)));
        }
    }
}
