package io.mgd.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Golden tensors written by the {@code tools/golden/*.py} scripts: a bundle {@code <name>.json}
 * (entries: name, dtype float32|int64, shape, byte offset) with the raw little-endian data in
 * {@code <name>.bin}, both in the test class's package under {@code src/test/resources}.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /** Every tensor of bundle {@code bundle}, in file order. */
    public static Map<String, NDArray> loadAll(NDManager manager, Class<?> testClass, String bundle) {
        JsonNode manifest = json(testClass, bundle + ".json");
        byte[] blob = bytes(testClass, manifest.get("bin").asText());
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (JsonNode t : manifest.get("tensors")) {
            long[] dims = new long[t.get("shape").size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = t.get("shape").get(i).asLong();
            }
            Shape shape = new Shape(dims);
            int offset = t.get("offset").asInt();
            ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
            buf.position(offset);
            int n = (int) shape.size();
            NDArray arr;
            if ("int64".equals(t.get("dtype").asText())) {
                long[] v = new long[n];
                buf.asLongBuffer().get(v);
                arr = manager.create(v, shape);
            } else {
                float[] v = new float[n];
                buf.asFloatBuffer().get(v);
                arr = manager.create(v, shape);
            }
            out.put(t.get("name").asText(), arr);
        }
        return out;
    }

    /** The single tensor of bundle {@code name}, or the tensor {@code tensor} of a bundle. */
    public static NDArray load(NDManager manager, Class<?> testClass, String name) {
        Map<String, NDArray> all = loadAll(manager, testClass, name);
        if (all.size() != 1) {
            throw new IllegalArgumentException("bundle " + name + " holds " + all.keySet() + ", not one tensor");
        }
        return all.values().iterator().next();
    }

    /** Parses a JSON resource next to the test class. */
    public static JsonNode json(Class<?> testClass, String resource) {
        try {
            return JSON.readTree(bytes(testClass, resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Class<?> testClass, String resource) {
        try (InputStream in = testClass.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("fixture " + resource + " not found next to " + testClass.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Max |expected - actual| over all elements (same shape required). */
    public static double maxAbsDiff(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape(), "shape");
        return expected.toType(DataType.FLOAT64, false).sub(actual.toType(DataType.FLOAT64, false))
                .abs().max().getDouble();
    }

    /** Asserts equal shapes and max abs error ≤ atol. */
    public static void assertAllClose(NDArray expected, NDArray actual, double atol) {
        assertAllClose(expected, actual, atol, "");
    }

    /** As {@link #assertAllClose(NDArray, NDArray, double)} with a message prefix. */
    public static void assertAllClose(NDArray expected, NDArray actual, double atol, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what + " shape");
        double d = maxAbsDiff(expected, actual);
        assertTrue(d <= atol, what + ": max abs diff " + d + " > " + atol);
    }
}
