package io.mgd.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Module;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fixture loader reads shapes and dtypes; assertAllClose fails with the tensor's name. */
class FixturesTest {
    @Test
    void loadsFloatAndIntTensorsAndReportsErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = Fixtures.load(m, Module.class, "conv2d/grouped.weight");
            assertEquals(new Shape(6, 2, 3, 3), w.getShape());
            NDArray n = Fixtures.load(m, Module.class, "norm/bn.num_batches_tracked");
            assertEquals(DataType.INT64, n.getDataType());
            assertEquals(2L, n.getLong());
            Fixtures.assertAllClose(w, w.add(1e-7f), 1e-6);
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> Fixtures.assertAllClose(w, w.add(1e-3f), 1e-5));
            assertTrue(e.getMessage().contains("conv2d/grouped.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("max abs error"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> Fixtures.load(m, Module.class, "conv2d/nope"));
        }
    }
}
