package io.mgd.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A tensor held in a plain Java array (what {@code ToTensor}/{@code ImageToTensor} produce in
 * a pipeline), so worker threads never touch native memory. {@link #toNDArray} makes the
 * NDArray at collation time, in the caller's manager.
 */
public final class HostArray {
    /** Element type. */
    public enum DType {
        UINT8,
        INT64,
        FLOAT32,
        FLOAT64
    }

    private final DType dtype;
    private final long[] shape;
    private final Object data;

    private HostArray(DType dtype, long[] shape, Object data, int length) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " elements, data has " + length);
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    public static HostArray ofUint8(byte[] data, long... shape) {
        return new HostArray(DType.UINT8, shape, data, data.length);
    }

    public static HostArray ofInt64(long[] data, long... shape) {
        return new HostArray(DType.INT64, shape, data, data.length);
    }

    public static HostArray ofFloat32(float[] data, long... shape) {
        return new HostArray(DType.FLOAT32, shape, data, data.length);
    }

    public static HostArray ofFloat64(double[] data, long... shape) {
        return new HostArray(DType.FLOAT64, shape, data, data.length);
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** The backing array ({@code byte[]}, {@code long[]}, {@code float[]} or {@code double[]}), not copied. */
    public Object data() {
        return data;
    }

    /** Number of elements. */
    public int size() {
        return java.lang.reflect.Array.getLength(data);
    }

    /** Element {@code i} (row-major) as a double. */
    public double getDouble(int i) {
        return switch (dtype) {
            case UINT8 -> ((byte[]) data)[i] & 0xFF;
            case INT64 -> ((long[]) data)[i];
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
        };
    }

    /** Creates the NDArray in {@code manager} (one copy into native memory). */
    public NDArray toNDArray(NDManager manager) {
        Shape s = new Shape(shape);
        return switch (dtype) {
            case UINT8 -> manager.create(ByteBuffer.wrap((byte[]) data), s, DataType.UINT8);
            case INT64 -> manager.create((long[]) data, s);
            case FLOAT32 -> manager.create((float[]) data, s);
            case FLOAT64 -> manager.create((double[]) data, s);
        };
    }

    @Override
    public String toString() {
        return "HostArray(" + dtype.name().toLowerCase() + ", " + Arrays.toString(shape) + ")";
    }
}
