package io.mgd.core.data;

import java.util.List;
import java.util.Objects;

/**
 * An image as mmcv holds it: height × width × channels, interleaved (HWC), channels in BGR
 * order for colour images read from files, samples either {@code uint8} or {@code float32}.
 *
 * <p>Images are values: operations return new images and never change their input. The
 * backing array returned by {@link #uint8Data()} or {@link #float32Data()} is the image's own
 * storage (no copy, for speed) and must be treated as read-only. Plain Java arrays keep pipeline
 * work in worker threads free of native memory; NDArrays are only made at collation.
 */
public final class Image {
    /** Sample type, like the numpy dtype of an mmcv image. */
    public enum DType {
        UINT8,
        FLOAT32
    }

    private final int height;
    private final int width;
    private final int channels;
    private final byte[] bytes;
    private final float[] floats;

    private Image(int height, int width, int channels, byte[] bytes, float[] floats) {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got (" + height + ", "
                    + width + ", " + channels + ")");
        }
        long n = (long) height * width * channels;
        int len = bytes != null ? bytes.length : floats.length;
        if (len != n) {
            throw new IllegalArgumentException("image data has " + len + " samples, shape (" + height
                    + ", " + width + ", " + channels + ") needs " + n);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.bytes = bytes;
        this.floats = floats;
    }

    /** A uint8 image over {@code data} (HWC, not copied). */
    public static Image ofUint8(int height, int width, int channels, byte[] data) {
        return new Image(height, width, channels, Objects.requireNonNull(data, "data"), null);
    }

    /** A float32 image over {@code data} (HWC, not copied). */
    public static Image ofFloat32(int height, int width, int channels, float[] data) {
        return new Image(height, width, channels, null, Objects.requireNonNull(data, "data"));
    }

    /** A new zero-filled image. */
    public static Image zeros(int height, int width, int channels, DType dtype) {
        int n = height * width * channels;
        return dtype == DType.UINT8 ? ofUint8(height, width, channels, new byte[n])
                : ofFloat32(height, width, channels, new float[n]);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    public DType dtype() {
        return bytes != null ? DType.UINT8 : DType.FLOAT32;
    }

    /** {@code (h, w, c)}, mmcv's {@code img.shape} (always three entries, also for one channel). */
    public List<Integer> shape() {
        return List.of(height, width, channels);
    }

    /** Number of samples (h·w·c). */
    public int size() {
        return height * width * channels;
    }

    /** The sample at (y, x, c) as a float (uint8 samples are 0..255). */
    public float get(int y, int x, int c) {
        int i = (y * width + x) * channels + c;
        return bytes != null ? bytes[i] & 0xFF : floats[i];
    }

    /** The backing uint8 samples (read-only by contract); fails for float32 images. */
    public byte[] uint8Data() {
        if (bytes == null) {
            throw new IllegalStateException("image is float32, not uint8");
        }
        return bytes;
    }

    /** The backing float32 samples (read-only by contract); fails for uint8 images. */
    public float[] float32Data() {
        if (floats == null) {
            throw new IllegalStateException("image is uint8, not float32");
        }
        return floats;
    }

    /** This image as float32 ({@code img.astype(np.float32)}); returns itself if already float. */
    public Image toFloat32() {
        if (floats != null) {
            return this;
        }
        float[] out = new float[bytes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return ofFloat32(height, width, channels, out);
    }

    @Override
    public String toString() {
        return "Image(" + height + ", " + width + ", " + channels + ", " + dtype().name().toLowerCase() + ")";
    }
}
