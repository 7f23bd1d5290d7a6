package io.mgd.seg.models.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.seg.SegRegistries;
import io.mgd.seg.testing.SegTesting;
import org.junit.jupiter.api.Test;

/** Hand-checked cases of mmseg's accuracy and CrossEntropyLoss options. */
class SegLossesTest {
    @Test
    void accuracyCountsIgnoredPixelsInTheDenominator() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 1 image, 3 classes, 1×4 pixels; scores per pixel (class 0, 1, 2)
            NDArray pred = m.create(new float[] {
                0.9f, 0.1f, 0.2f, 0.1f,   // class 0
                0.05f, 0.8f, 0.3f, 0.2f,  // class 1
                0.05f, 0.1f, 0.5f, 0.7f,  // class 2
            }, new Shape(1, 3, 1, 4));
            NDArray target = m.create(new long[] {0, 2, 2, 255}, new Shape(1, 1, 4));
            // top-1 hits: pixel 0 and pixel 2 -> 2 of 4 (the ignored pixel counts as a miss)
            assertEquals(50f, Accuracy.accuracy(pred, target).getFloat(), 1e-5f);
            NDArray[] top = Accuracy.accuracy(pred, target, new int[] {1, 2}, null);
            assertEquals(new Shape(1), top[0].getShape());
            assertEquals(75f, top[1].getFloat(), 1e-5f); // pixel 1's class 2 (0.1) ties class 0 -> 2nd
            NDArray[] strict = Accuracy.accuracy(pred, target, new int[] {1}, 0.6);
            assertEquals(25f, strict[0].getFloat(), 1e-5f); // pixel 2 scores 0.5 <= 0.6
        }
    }

    @Test
    void crossEntropyReductionsAndWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            Registries r = SegTesting.registries();
            BuildContext ctx = new BuildContext(r, m);
            NDArray logit = m.create(new float[] {2f, 0f, 0f, 1f, 0f, 3f}, new Shape(1, 2, 1, 3));
            NDArray label = m.create(new long[] {0, 255, 1}, new Shape(1, 1, 3));
            CrossEntropyLoss none = (CrossEntropyLoss) r.get(SegRegistries.LOSSES).build(
                    ConfigDict.of("type", "CrossEntropyLoss", "reduction", "none"), ctx);
            float[] per = none.loss(logit, label, null, 255).toFloatArray();
            double l0 = Math.log(1 + Math.exp(-1)); // pixel 0: logits (2, 1), label 0
            double l2 = Math.log(1 + Math.exp(-3)); // pixel 2: logits (0, 3), label 1
            assertArrayEquals(new float[] {(float) l0, 0f, (float) l2}, per, 1e-6f);
            CrossEntropyLoss mean = (CrossEntropyLoss) r.get(SegRegistries.LOSSES).build(
                    ConfigDict.of("type", "CrossEntropyLoss", "loss_weight", 2.0), ctx);
            // mean over all three pixels, the ignored one included
            assertEquals((float) (2 * (l0 + l2) / 3), mean.loss(logit, label, null, 255).getFloat(), 1e-6f);
            assertEquals((float) ((l0 + l2)),
                    mean.loss(logit, label, null, 255, "sum").getFloat() / 2, 1e-6f);
            CrossEntropyLoss weighted = (CrossEntropyLoss) r.get(SegRegistries.LOSSES).build(
                    ConfigDict.of("type", "CrossEntropyLoss", "class_weight", java.util.List.of(1.0, 4.0)), ctx);
            // the class weight scales each pixel, the mean still divides by the pixel count
            assertEquals((float) ((l0 + 4 * l2) / 3), weighted.loss(logit, label, null, 255).getFloat(), 1e-6f);
        }
    }

    @Test
    void unsupportedOptionsAreConfigErrors() {
        Registries r = SegTesting.registries();
        BuildContext ctx = new BuildContext(r, null);
        ConfigException e = assertThrows(ConfigException.class, () -> r.get(SegRegistries.LOSSES).build(
                ConfigDict.of("type", "CrossEntropyLoss", "class_weight", "weights.json"), ctx));
        assertTrue(e.getMessage().startsWith("seg.losses.CrossEntropyLoss: class_weight must be a list of numbers"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> r.get(SegRegistries.LOSSES).build(
                ConfigDict.of("type", "CrossEntropyLoss", "use_mask", true), ctx));
        assertTrue(e.getMessage().contains("use_mask=True"), e.getMessage());
    }
}
