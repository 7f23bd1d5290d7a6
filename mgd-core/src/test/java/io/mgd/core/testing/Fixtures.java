package io.mgd.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Golden tensors written by the {@code tools/golden/make_*_fixtures.py} scripts with real
 * PyTorch: {@code <name>.bin} holds raw little-endian float32 data and the {@code manifest.json}
 * next to it maps each tensor's base name to {@code {"shape": [...], "dtype": "float32"}}.
 * Resources are looked up under the test class's package.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /**
     * Loads fixture {@code name} (e.g. {@code mgd/channel_align/student}) relative to {@code
     * testClass}'s package into {@code manager}.
     */
    public static NDArray load(NDManager manager, Class<?> testClass, String name) {
        int slash = name.lastIndexOf('/');
        String dir = slash < 0 ? "" : name.substring(0, slash + 1);
        String base = name.substring(slash + 1);
        JsonNode entry = json(testClass, dir + "manifest.json").get(base);
        if (entry == null) {
            throw new IllegalArgumentException("fixture " + name + " is not in " + dir + "manifest.json");
        }
        if (!"float32".equals(entry.path("dtype").asText("float32"))) {
            throw new IllegalArgumentException("fixture " + name + ": only float32 is supported");
        }
        long[] dims = new long[entry.get("shape").size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = entry.get("shape").get(i).asLong();
        }
        byte[] bytes = bytes(testClass, name + ".bin");
        Shape shape = new Shape(dims);
        if (bytes.length != shape.size() * 4) {
            throw new IllegalArgumentException("fixture " + name + ": " + bytes.length + " bytes for shape " + shape);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[(int) shape.size()];
        buf.asFloatBuffer().get(data);
        return manager.create(data, shape);
    }

    /** Parses a JSON resource relative to {@code testClass}'s package. */
    public static JsonNode json(Class<?> testClass, String resource) {
        try {
            return JSON.readTree(bytes(testClass, resource));
        } catch (IOException e) {
            throw new UncheckedIOException("bad JSON fixture " + resource, e);
        }
    }

    private static byte[] bytes(Class<?> testClass, String resource) {
        try (InputStream in = testClass.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource + " next to "
                        + testClass.getName() + " (run the generator under tools/golden/)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Same shape and {@code max |expected − actual| ≤ atol}. */
    public static void assertAllClose(NDArray expected, NDArray actual, double atol) {
        assertAllClose(expected, actual, atol, "");
    }

    /** As {@link #assertAllClose(NDArray, NDArray, double)} with a label for the failure message. */
    public static void assertAllClose(NDArray expected, NDArray actual, double atol, String label) {
        assertEquals(expected.getShape(), actual.getShape(), label + " shape");
        float[] e = expected.toType(DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs((double) e[i] - a[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (!(worst <= atol)) {
            fail(label + " max abs error " + worst + " > " + atol + " at flat index " + at + " (expected "
                    + e[at] + ", got " + a[at] + ")");
        }
    }

    /** {@link #assertAllClose} with {@code atol = rtol · max|expected|} (relative to scale). */
    public static void assertAllCloseRelative(NDArray expected, NDArray actual, double rtol, String label) {
        double scale = expected.abs().max().toType(DataType.FLOAT64, false).getDouble();
        assertAllClose(expected, actual, rtol * Math.max(scale, Float.MIN_NORMAL), label);
    }
}
