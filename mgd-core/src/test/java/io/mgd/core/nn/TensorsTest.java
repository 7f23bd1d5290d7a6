package io.mgd.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The scalar helpers give the right gradient even when the garbage collector runs between the
 * forward and the backward pass and Java direct buffers get reused. DJL's own
 * {@code x.mul(3f)} fails this: its scalar lives in a Java buffer that is freed before backward
 * (that made detection training produce NaN gradients).
 */
class TensorsTest {

    @Test
    void scalarOpsSurviveGarbageCollectionBeforeBackward() {
        float[] x0 = {0.5f, 2f, 3f};
        assertGrad(x -> Tensors.div(Tensors.mul(x, 3), 7), x0, new float[] {3f / 7, 3f / 7, 3f / 7});
        assertGrad(x -> Tensors.pow(x, 2), x0, new float[] {1f, 4f, 6f});
        assertGrad(x -> Tensors.maximum(x, 1), x0, new float[] {0f, 1f, 1f});
        assertGrad(x -> Tensors.minimum(x, 1), x0, new float[] {1f, 0f, 0f});
    }

    @Test
    void scalarKeepsTheArrayDataType() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray loss = m.create(2f); // a 0-d float32 loss times a double weight stays float32
            NDArray scaled = Tensors.mul(loss, 0.1);
            assertEquals(DataType.FLOAT32, scaled.getDataType());
            assertEquals(0.2f, scaled.getFloat(), 1e-7f);
        }
    }

    private static void assertGrad(UnaryOperator<NDArray> f, float[] x0, float[] expected) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Tensors.owned(m.create(x0));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                churnJavaBuffers(m);
                gc.backward(y);
            }
            assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-6f);
        }
    }

    /** Frees closed arrays' Java buffers and refills that memory with other values. */
    private static void churnJavaBuffers(NDManager m) {
        for (int round = 0; round < 5; round++) {
            System.gc();
            for (int i = 0; i < 4000; i++) {
                m.create(new float[] {1e30f}).close();
            }
        }
    }
}
