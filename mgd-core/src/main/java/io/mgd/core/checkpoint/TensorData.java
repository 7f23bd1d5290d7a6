package io.mgd.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable, engine-neutral tensor: a dtype, a shape and the elements in row-major
 * (contiguous) order as little-endian bytes. This is what checkpoint files hold; convert with
 * {@link #toNDArray(NDManager)} and {@link #fromNDArray(NDArray)}.
 *
 * <p>A tensor holds at most {@code Integer.MAX_VALUE} bytes (one Java buffer). Tensors read
 * from one storage may share the same read-only bytes.
 */
public final class TensorData {
    private final DType dtype;
    private final long[] shape;
    private final long numel;
    private final ByteBuffer data;

    private TensorData(DType dtype, long[] shape, long numel, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.numel = numel;
        this.data = data;
    }

    /**
     * Takes ownership of {@code data} (no copy): position 0, exactly numel × element size bytes.
     */
    static TensorData wrap(DType dtype, long[] shape, ByteBuffer data) {
        long numel = numel(shape);
        long bytes = numel * dtype.elementSize();
        if (data.remaining() != bytes) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " "
                    + dtype.torchName() + " needs " + bytes + " bytes, got " + data.remaining());
        }
        ByteBuffer ro = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return new TensorData(dtype, shape.clone(), numel, ro);
    }

    /** A tensor from raw little-endian element bytes (copied). */
    public static TensorData of(DType dtype, long[] shape, byte[] littleEndianData) {
        return wrap(dtype, shape, ByteBuffer.wrap(littleEndianData.clone()));
    }

    /** A tensor from the remaining raw little-endian element bytes of a buffer (copied). */
    public static TensorData of(DType dtype, long[] shape, ByteBuffer littleEndianData) {
        ByteBuffer copy = ByteBuffer.allocate(littleEndianData.remaining());
        copy.put(littleEndianData.duplicate()).flip();
        return wrap(dtype, shape, copy);
    }

    /** A float32 tensor. */
    public static TensorData ofFloats(long[] shape, float... values) {
        ByteBuffer b = allocate(values.length, 4);
        b.asFloatBuffer().put(values);
        return wrap(DType.FLOAT32, shape, b);
    }

    /** A float64 tensor. */
    public static TensorData ofDoubles(long[] shape, double... values) {
        ByteBuffer b = allocate(values.length, 8);
        b.asDoubleBuffer().put(values);
        return wrap(DType.FLOAT64, shape, b);
    }

    /** An int64 tensor (e.g. {@code num_batches_tracked} with shape {@code []}). */
    public static TensorData ofLongs(long[] shape, long... values) {
        ByteBuffer b = allocate(values.length, 8);
        b.asLongBuffer().put(values);
        return wrap(DType.INT64, shape, b);
    }

    private static ByteBuffer allocate(int count, int size) {
        return ByteBuffer.allocate(Math.multiplyExact(count, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of elements of a shape; throws for negative dims or overflow. */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape "
                        + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The shape (a copy); {@code []} for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public long numel() {
        return numel;
    }

    /** The element bytes, read-only, little-endian, positioned at 0. */
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of the element bytes. */
    public byte[] toByteArray() {
        byte[] out = new byte[data.capacity()];
        data.duplicate().get(out);
        return out;
    }

    /** All elements as doubles (bool → 0/1); exact for every dtype but int64 beyond 2^53. */
    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(numel)];
        ByteBuffer b = data();
        for (int i = 0; i < out.length; i++) {
            out[i] = element(b, i);
        }
        return out;
    }

    /** All elements as floats (rounded from float64 and int types). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(numel)];
        ByteBuffer b = data();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) element(b, i);
        }
        return out;
    }

    /** All elements as longs; only for integer and bool tensors. */
    public long[] toLongArray() {
        if (dtype.isFloating()) {
            throw new IllegalStateException("toLongArray on a " + dtype.torchName() + " tensor");
        }
        long[] out = new long[Math.toIntExact(numel)];
        ByteBuffer b = data();
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype == DType.INT64 ? b.getLong(8 * i) : (long) element(b, i);
        }
        return out;
    }

    private double element(ByteBuffer b, int i) {
        switch (dtype) {
            case FLOAT32: return b.getFloat(4 * i);
            case FLOAT64: return b.getDouble(8 * i);
            case FLOAT16: return Half.toFloat(b.getShort(2 * i));
            case BFLOAT16: return Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
            case INT64: return b.getLong(8 * i);
            case INT32: return b.getInt(4 * i);
            case INT16: return b.getShort(2 * i);
            case INT8: return b.get(i);
            case UINT8: return b.get(i) & 0xff;
            case BOOL: return b.get(i) != 0 ? 1 : 0;
            default: throw new AssertionError(dtype);
        }
    }

    /**
     * Copies this tensor into a new NDArray owned by {@code manager}. bfloat16 and int16 arrive
     * widened, exactly, as float32 and int32: DJL 0.36's PyTorch engine cannot hold those two
     * types (creating or casting to them aborts the JVM).
     */
    public NDArray toNDArray(NDManager manager) {
        if (dtype == DType.BFLOAT16 || dtype == DType.INT16) {
            return widened().toNDArray(manager);
        }
        // DJL copies heap buffers into native memory itself; a direct buffer avoids one copy.
        // Raw bytes are little-endian; libtorch builds exist only for little-endian hosts.
        ByteBuffer direct = ByteBuffer.allocateDirect(data.capacity());
        direct.put(data()).flip();
        return manager.create(direct, new Shape(shape), dtype.djlType());
    }

    /** bfloat16 as float32, int16 as int32; both exact. */
    private TensorData widened() {
        if (dtype == DType.BFLOAT16) {
            return ofFloats(shape, toFloatArray());
        }
        ByteBuffer b = allocate(Math.toIntExact(numel), 4);
        ByteBuffer src = data();
        for (int i = 0; i < numel; i++) {
            b.putInt(4 * i, src.getShort(2 * i));
        }
        return wrap(DType.INT32, shape, b);
    }

    /** Copies an NDArray (any device, any layout) into a tensor value. */
    public static TensorData fromNDArray(NDArray array) {
        DType dtype = DType.fromDjl(array.getDataType());
        ByteBuffer bytes = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return of(dtype, array.getShape().getShape(), bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
    }

    @Override
    public String toString() {
        return "tensor(" + dtype.torchName() + ", shape=" + Arrays.toString(shape) + ")";
    }
}
