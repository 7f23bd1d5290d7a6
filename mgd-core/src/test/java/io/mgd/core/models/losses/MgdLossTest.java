package io.mgd.core.models.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
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

/** Masks, seeding, registry binding and shape errors of the MGD losses. */
class MgdLossTest {

    private static Registries registries() {
        return Guice.createInjector(new DistillLossModule()).getInstance(Registries.class);
    }

    private static Module build(NDManager m, ConfigDict cfg) {
        Registries r = registries();
        return r.get(Registries.LOSSES).build(cfg, new BuildContext(r, m));
    }

    @Test
    void registeredTypesUseReferenceDefaults() {
        try (NDManager m = NDManager.newBaseManager()) {
            MGDLoss cls = (MGDLoss) build(m, ConfigDict.of("type", "MGDLoss", "name", "loss_mgd",
                    "student_channels", 4L, "teacher_channels", 8L));
            assertEquals(7e-5, cls.alpha());
            assertEquals(0.15, cls.lambda());
            assertEquals(MaskType.CHANNEL, cls.maskType());
            assertEquals(List.of("align.weight", "align.bias", "generation.0.weight", "generation.0.bias",
                    "generation.2.weight", "generation.2.bias"), List.copyOf(cls.stateDict().keySet()));
            assertEquals(new Shape(8, 4, 1, 1), cls.align().weight().data().getShape());

            FeatureLoss det = (FeatureLoss) build(m, ConfigDict.of("type", "FeatureLoss", "name", "loss_mgd_fpn_0",
                    "student_channels", 8L, "teacher_channels", 8L));
            assertEquals(2e-5, det.alpha());
            assertEquals(0.65, det.lambda());
            assertEquals(MaskType.SPATIAL, det.maskType());
            assertNull(det.align());
            assertEquals(List.of("generation.0.weight", "generation.0.bias", "generation.2.weight",
                    "generation.2.bias"), List.copyOf(det.stateDict().keySet()));

            FeatureLoss overridden = (FeatureLoss) build(m, ConfigDict.of("type", "FeatureLoss", "name", "x",
                    "student_channels", 2L, "teacher_channels", 2L, "mask_type", "channel", "lambda_mgd", 0.5));
            assertEquals(MaskType.CHANNEL, overridden.maskType());
            assertEquals(0.5, overridden.lambda());
        }
    }

    @Test
    void badOptionsAreConfigErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConfigException e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "MGDLoss",
                    "name", "loss_mgd", "student_channels", 4L, "teacher_channels", 4L, "mask_type", "pixel")));
            assertEquals("losses.MGDLoss: mask_type must be 'channel' or 'spatial' (or None for the default), "
                    + "got 'pixel'", e.getMessage());
            e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "FeatureLoss",
                    "name", "l", "student_channels", 4L, "teacher_channels", 4L, "lambda_mgd", 1.5)));
            assertEquals("losses.FeatureLoss: lambda_mgd must be in [0, 1], got 1.5", e.getMessage());
            e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "MGDLoss",
                    "student_channels", 4L, "teacher_channels", 4L)));
            assertTrue(e.getMessage().contains("missing required argument 'name'"), e.getMessage());
        }
    }

    @Test
    void maskDropsAboutLambdaOfChannelsOrPositions() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager()) {
            MGDLoss channel = new MGDLoss(m, new MGDLoss.Options(4, 4, "c", 1, 0.15, null));
            FeatureLoss spatial = new FeatureLoss(m, new FeatureLoss.Options(4, 4, "s", 1, 0.65, null));
            Shape teacher = new Shape(8, 64, 16, 16);
            // 200 draws of 8x64 channels (102,400 Bernoulli trials): std of the rate ≈ 0.0011.
            assertDropRate(channel, m, teacher, new Shape(8, 64, 1, 1), 0.15);
            assertDropRate(spatial, m, teacher, new Shape(8, 1, 16, 16), 0.65);
        }
    }

    private static void assertDropRate(MaskedGenerativeLoss loss, NDManager m, Shape teacher, Shape maskShape,
            double lambda) {
        double dropped = 0;
        double total = 0;
        for (int i = 0; i < 200; i++) {
            try (NDManager step = m.newSubManager()) {
                NDArray mask = loss.mask(loss.uniform(step, teacher));
                assertEquals(maskShape, mask.getShape());
                assertEquals(0f, mask.mul(mask.sub(1)).abs().sum().getFloat(), "mask is 0/1");
                dropped += mask.size() - mask.sum().getFloat();
                total += mask.size();
            }
        }
        assertEquals(lambda, dropped / total, 0.01, loss.maskType() + " drop rate");
    }

    @Test
    void lambdaZeroKeepsEverythingAndOneDropsEverything() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape t = new Shape(2, 3, 4, 4);
            for (MaskType type : MaskType.values()) {
                MGDLoss keep = new MGDLoss(m, new MGDLoss.Options(3, 3, "k", 1, 0, type.configName()));
                MGDLoss drop = new MGDLoss(m, new MGDLoss.Options(3, 3, "d", 1, 1, type.configName()));
                NDArray u = m.randomUniform(0f, 1f, keep.maskShape(t));
                assertEquals(u.size(), (long) keep.mask(u).sum().getFloat(), type + " λ=0");
                assertEquals(0f, drop.mask(u).sum().getFloat(), type + " λ=1");
            }
        }
    }

    @Test
    void engineSeedReproducesTheLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            MGDLoss loss = new MGDLoss(m, new MGDLoss.Options(4, 6, "loss_mgd", 1, 0.5, null));
            NDArray s = m.randomNormal(new Shape(2, 4, 3, 3));
            NDArray t = m.randomNormal(new Shape(2, 6, 3, 3));
            Engine.getInstance().setRandomSeed(42);
            float a = loss.loss(s, t).getFloat();
            float b = loss.loss(s, t).getFloat();
            Engine.getInstance().setRandomSeed(42);
            float c = loss.loss(s, t).getFloat();
            assertEquals(a, c, "same seed, same mask, same loss");
            assertNotEquals(a, b, "the next call draws a new mask");
        }
    }

    @Test
    void shapeMismatchNamesTheLossAndShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            MGDLoss loss = new MGDLoss(m, new MGDLoss.Options(4, 6, "loss_mgd", 1, 0.5, null));
            MgdException e = assertThrows(MgdException.class,
                    () -> loss.loss(m.zeros(new Shape(2, 4, 3, 3)), m.zeros(new Shape(2, 6, 3, 2))));
            assertEquals("loss 'loss_mgd': student feature (2, 4, 3, 3), teacher feature (2, 6, 3, 2): "
                    + "MGDLoss expects the same spatial size, got 3x3 and 3x2", e.getMessage());
            e = assertThrows(MgdException.class,
                    () -> loss.loss(m.zeros(new Shape(2, 6, 3, 3)), m.zeros(new Shape(2, 6, 3, 3))));
            assertEquals("loss 'loss_mgd': student feature (2, 6, 3, 3), teacher feature (2, 6, 3, 3): "
                    + "MGDLoss 'loss_mgd' was built with student_channels=4, teacher_channels=6 but got 6 and 6",
                    e.getMessage());
        }
    }
}
