package io.mgd.seg.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.seg.models.losses.ChannelWiseDivergence;
import io.mgd.seg.models.losses.CrossEntropyLoss;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resize and adaptive pool that every seg training step backpropagates through stay correct
 * when the JVM collects garbage between forward and backward (the index and weight tensors they
 * use must not live in Java buffers that a GC may free): seg's resize on core's F.interpolate,
 * and core's adaptive pool; and the loss weights of the decode loss and the logit distillation
 * (libtorch-owned scalars, {@code Tensors.scalar}).
 */
class BackwardAfterGcTest {
    /** Runs a GC and overwrites freshly freed direct memory, as a busy training loop would. */
    private static void churn() throws InterruptedException {
        System.gc();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(64);
            while (b.hasRemaining()) {
                b.put((byte) 0x7f);
            }
            junk.add(b);
        }
        Thread.sleep(20);
    }

    @Test
    void gradientsSurviveAGarbageCollection() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.ones(new Shape(1, 1, 1, 3));
                NDArray p = m.ones(new Shape(1, 1, 7, 7));
                x.setRequiresGradient(true);
                p.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = Resize.bilinear(x, 5, 7, false).sum()
                            .add(io.mgd.core.nn.functional.F.adaptiveAvgPool2d(p, 3, 3).sum())
                            .add(Resize.bilinear(x, 4, 5, true).sum());
                    churn();
                    gc.backward(loss);
                }
                // every output pixel's weights sum to 1, so the gradients sum to the output sizes
                assertEquals(35f + 20f, x.getGradient().sum().getFloat(), 1e-4f, "resize gradient, round " + round);
                assertEquals(9f, p.getGradient().sum().getFloat(), 1e-4f, "pool gradient, round " + round);
            }
        }
    }

    @Test
    void lossWeightsSurviveAGarbageCollection() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (NDManager m = NDManager.newBaseManager()) {
                CrossEntropyLoss ce = new CrossEntropyLoss(m, new CrossEntropyLoss.Options(false, false, "mean", null, 0.4,
                        "loss_ce"));
                ChannelWiseDivergence cwd = ChannelWiseDivergence.mgdReference(m);
                NDArray logits = m.zeros(new Shape(1, 2, 2, 2));
                logits.setRequiresGradient(true);
                NDArray label = m.zeros(new Shape(1, 2, 2), DataType.INT64);
                NDArray teacher = m.zeros(new Shape(1, 2, 2, 2));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = ce.loss(logits, label, null, 255).add(cwd.loss(logits, teacher));
                    churn();
                    gc.backward(loss);
                }
                // equal logits: the KL term has zero gradient; CE: 0.4 · (softmax − onehot) / 4 pixels
                float[] g = logits.getGradient().toFloatArray();
                for (int i = 0; i < 8; i++) {
                    assertEquals(i < 4 ? -0.05f : 0.05f, g[i], 1e-6f, "gradient " + i + ", round " + round);
                }
            }
        }
    }
}
