package io.mgd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tensor value: element access, equality and the DJL bridge for every dtype. */
class TensorDataTest {
    @Test
    void everyDtypeOfTheGoldenFileSurvivesDjl() {
        Map<?, ?> sd = (Map<?, ?>) PthFiles.read(GoldenFixturesTest.fixture("mixed_dtypes.pth"));
        try (NDManager m = NDManager.newBaseManager()) {
            for (Object v : sd.values()) {
                TensorData t = (TensorData) v;
                NDArray a = t.toNDArray(m);
                assertEquals(new Shape(t.shape()), a.getShape(), t.toString());
                TensorData back = TensorData.fromNDArray(a);
                if (t.dtype() == DType.BFLOAT16 || t.dtype() == DType.INT16) {
                    // the engine cannot hold these: widened exactly
                    DType wide = t.dtype() == DType.BFLOAT16 ? DType.FLOAT32 : DType.INT32;
                    assertEquals(wide, back.dtype());
                    assertArrayEquals(t.toDoubleArray(), back.toDoubleArray(), 0.0);
                } else {
                    assertEquals(t.dtype().djlType(), a.getDataType(), t.toString());
                    assertEquals(t, back, t.toString());
                }
            }
        }
    }

    @Test
    void nonContiguousArraysAreCopiedInLogicalOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.arange(6).reshape(2, 3).transpose();
            TensorData t = TensorData.fromNDArray(a);
            assertArrayEquals(new long[] {3, 2}, t.shape());
            assertArrayEquals(new long[] {0, 3, 1, 4, 2, 5}, t.toLongArray());
        }
    }

    @Test
    void halfAndBfloatDecodeExactly() {
        // 1.5, -2.25, 65504 (max), 2^-24 (smallest subnormal), inf, -0.0
        byte[] half = {0x00, 0x3e, (byte) 0x80, (byte) 0xc0, (byte) 0xff, 0x7b, 0x01, 0x00, 0x00,
            0x7c, 0x00, (byte) 0x80};
        double[] v = TensorData.of(DType.FLOAT16, new long[] {6}, half).toDoubleArray();
        assertArrayEquals(new double[] {1.5, -2.25, 65504, 0x1p-24, Double.POSITIVE_INFINITY,
            -0.0}, v);
        byte[] bf = {(byte) 0x80, 0x3f, 0x60, (byte) 0xc0};
        assertArrayEquals(new float[] {1f, -3.5f},
                TensorData.of(DType.BFLOAT16, new long[] {2}, bf).toFloatArray());
    }

    @Test
    void valuesAreImmutableAndCompareByContent() {
        byte[] raw = {1, 0, 0, 0};
        TensorData a = TensorData.of(DType.INT32, new long[] {1}, raw);
        raw[0] = 9;
        assertEquals(1L, a.toLongArray()[0]);
        assertEquals(a, TensorData.of(DType.INT32, new long[] {1}, new byte[] {1, 0, 0, 0}));
        assertNotEquals(a, TensorData.of(DType.UINT8, new long[] {4}, new byte[] {1, 0, 0, 0}));
        assertTrue(a.data().isReadOnly());
        long[] shape = a.shape();
        shape[0] = 7;
        assertArrayEquals(new long[] {1}, a.shape());
    }

    @Test
    void sizeMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> TensorData.of(DType.FLOAT32, new long[] {2}, new byte[4]));
        assertThrows(IllegalArgumentException.class,
                () -> TensorData.ofFloats(new long[] {-1}));
        assertThrows(IllegalStateException.class,
                () -> TensorData.ofFloats(new long[] {1}, 1f).toLongArray());
    }

    @Test
    void dtypeNamesMatchTorch() {
        assertEquals(DType.INT8, DType.fromStorageName("CharStorage"));
        assertEquals(DType.FLOAT16, DType.fromTorchName("half"));
        assertEquals(DType.BOOL, DType.fromTorchName("bool"));
        assertEquals(null, DType.fromStorageName("ComplexFloatStorage"));
    }
}
