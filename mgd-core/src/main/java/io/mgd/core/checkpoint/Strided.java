package io.mgd.core.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Materialises a torch view {@code storage[offset + Σ i_k·stride_k]} as a contiguous tensor,
 * and the inverse question of whether a layout already is contiguous.
 */
final class Strided {
    private Strided() {}

    /**
     * The elements of {@code storage} (a 1-D tensor) seen through {@code (offset, size, stride)},
     * copied into row-major order. A view covering the whole storage in order shares its bytes.
     */
    static TensorData view(TensorData storage, long offset, long[] size, long[] stride) {
        if (size.length != stride.length) {
            throw new FormatException("tensor size " + Arrays.toString(size) + " and stride "
                    + Arrays.toString(stride) + " differ in rank");
        }
        long numel;
        try {
            numel = TensorData.numel(size);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new FormatException("bad tensor size " + Arrays.toString(size));
        }
        int es = storage.dtype().elementSize();
        if (numel > 0) {
            long last = offset;
            try {
                for (int d = 0; d < size.length; d++) {
                    if (stride[d] < 0) {
                        throw new FormatException("negative stride " + Arrays.toString(stride));
                    }
                    last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
                }
            } catch (ArithmeticException e) {
                last = Long.MAX_VALUE;
            }
            if (offset < 0 || last >= storage.numel()) {
                throw new FormatException("tensor view (offset " + offset + ", size "
                        + Arrays.toString(size) + ", stride " + Arrays.toString(stride)
                        + ") reaches beyond its storage of " + storage.numel() + " elements");
            }
        }
        ByteBuffer src = storage.data();
        if (numel == 0) {
            return TensorData.wrap(storage.dtype(), size, ByteBuffer.allocate(0));
        }
        if (isContiguous(size, stride)) {
            if (offset == 0 && numel == storage.numel()) {
                return TensorData.wrap(storage.dtype(), size, src);
            }
            src.position((int) (offset * es)).limit((int) ((offset + numel) * es));
            return TensorData.wrap(storage.dtype(), size, src.slice());
        }
        return gather(storage, src, offset, size, stride, numel, es);
    }

    private static TensorData gather(TensorData storage, ByteBuffer src, long offset, long[] size,
            long[] stride, long numel, int es) {
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(numel * es));
        int rank = size.length;
        // Copy runs along the innermost dimension; when it is unit-stride a run is one block.
        int inner = (int) size[rank - 1];
        long innerStride = stride[rank - 1];
        long[] index = new long[rank];
        byte[] run = new byte[inner * es];
        while (true) {
            long base = offset;
            for (int d = 0; d < rank - 1; d++) {
                base += index[d] * stride[d];
            }
            if (innerStride == 1) {
                src.get((int) (base * es), run);
            } else {
                for (int i = 0; i < inner; i++) {
                    src.get((int) ((base + i * innerStride) * es), run, i * es, es);
                }
            }
            out.put(run);
            int d = rank - 2;
            while (d >= 0 && ++index[d] == size[d]) {
                index[d--] = 0;
            }
            if (d < 0) {
                break;
            }
        }
        out.flip();
        return TensorData.wrap(storage.dtype(), size, out);
    }

    /** Whether {@code stride} is row-major for {@code size} (size-1 dims may have any stride). */
    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    /** Row-major strides for a shape, as torch writes them. */
    static long[] contiguousStrides(long[] size) {
        long[] stride = new long[size.length];
        long s = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            stride[d] = s;
            s *= Math.max(size[d], 1);
        }
        return stride;
    }
}
