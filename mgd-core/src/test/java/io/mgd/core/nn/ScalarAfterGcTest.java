package io.mgd.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scalars that autograd keeps for backward ({@code x * s}, {@code x / s}, {@code x ** s},
 * {@code max(x, s)}) give the right gradients when the JVM collects garbage between forward and
 * backward, as it does during a training step. With DJL's {@code x.mul(2.5f)} this test read
 * gradients of 5.6e14 or -1.4e-13 instead of 2.5 in 18 of 20 rounds.
 */
class ScalarAfterGcTest {
    /** Runs a GC and overwrites freshly freed direct memory, as a busy training loop would. */
    static void churn() throws InterruptedException {
        System.gc();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4);
            while (b.hasRemaining()) {
                b.put((byte) 0x7f);
            }
            junk.add(b);
        }
        Thread.sleep(20);
    }

    @Test
    void scalarOperandsSurviveAGarbageCollection() throws Exception {
        for (int round = 0; round < 10; round++) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(new float[] {1f, 2f, -3f, 4f});
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    // d/dx: 2.5 + 1/4 + 2x + [x > 0]
                    NDArray loss = Tensors.mul(x, 2.5).sum()
                            .add(Tensors.div(x, 4).sum())
                            .add(Tensors.pow(x, 2).sum())
                            .add(Tensors.maximum(x, 0).sum());
                    assertEquals(DataType.FLOAT32, loss.getDataType());
                    churn();
                    gc.backward(loss);
                }
                float[] g = x.getGradient().toFloatArray();
                float[] want = {5.75f, 7.75f, -3.25f, 11.75f};
                for (int i = 0; i < 4; i++) {
                    assertEquals(want[i], g[i], 1e-5f, "gradient " + i + ", round " + round);
                }
            }
        }
    }

    @Test
    void scalarIsZeroDimensionalInTheArrayType() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = Tensors.scalar(m.ones(new Shape(2)), 0.4);
            assertEquals(new Shape(), s.getShape());
            assertEquals(0.4f, s.getFloat());
            NDArray d = m.ones(new Shape(2), DataType.FLOAT64);
            assertEquals(DataType.FLOAT64, Tensors.mul(d, 0.4).getDataType());
        }
    }
}
